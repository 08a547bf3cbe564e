"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { sessionQuery } from "@/lib/auth/queries";
import { apiFetch } from "@/lib/http/api-client";

export function UserMenu() {
  const session = useQuery(sessionQuery());
  const queryClient = useQueryClient();
  const router = useRouter();
  const signOut = useMutation({
    mutationFn: () => apiFetch<void>("/api/v1/session", { method: "DELETE" }),
    onSettled: () => {
      // Nothing of this session may linger in the cache for the next person at this screen.
      queryClient.clear();
      router.replace("/login");
    },
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
