"use client";

import { useQuery } from "@tanstack/react-query";
import { useSignOut } from "@/lib/auth/mutations";
import { sessionQuery } from "@/lib/auth/queries";

export function UserMenu() {
  const session = useQuery(sessionQuery());
  const signOut = useSignOut();
  if (!session.data) return null;
  const { user } = session.data;
  return (
    <div className="flex items-center gap-3 text-sm">
      <span data-testid="signed-in-as">
        {user.displayName || user.username} <span className="text-muted">({user.role})</span>
      </span>
      <button
        type="button"
        // A full page load: nothing of this session may linger in the cache for the next person at this screen, and
        // no open query may race the navigation with a 401 of its own.
        onClick={() => signOut.mutate(undefined, { onSettled: () => window.location.replace("/login") })}
        disabled={signOut.isPending}
        className="border-line text-muted hover:text-text rounded-md border px-2 py-1 text-xs"
      >
        Sign out
      </button>
    </div>
  );
}
