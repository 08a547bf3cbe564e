"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { sessionQuery } from "@/lib/auth/queries";
import { apiFetch } from "@/lib/http/api-client";

export function UserMenu() {
  const session = useQuery(sessionQuery());
  const signOut = useMutation({
    mutationFn: () => apiFetch<void>("/api/v1/session", { method: "DELETE" }),
    // A full page load: nothing of this session may linger in the cache for the next person at this screen, and no
    // open query may race the navigation with a 401 of its own.
    onSettled: () => window.location.replace("/login"),
  });
  if (!session.data) return null;
  const { user } = session.data;
  return (
    <div className="flex items-center gap-3 text-sm">
      <span data-testid="signed-in-as">
        {user.displayName || user.username} <span className="text-muted">({user.role})</span>
      </span>
      <button
        type="button"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
        className="border-line text-muted hover:text-text rounded-md border px-2 py-1 text-xs"
      >
        Sign out
      </button>
    </div>
  );
}
