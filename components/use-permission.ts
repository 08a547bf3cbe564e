"use client";

import { useQuery } from "@tanstack/react-query";
import { can, type Permission } from "@/lib/auth/policy";
import { sessionQuery } from "@/lib/auth/queries";

/** Whether the signed-in person may do something. Hides controls; the server enforces regardless. */
export function usePermission(permission: Permission): boolean {
  const { data } = useQuery(sessionQuery());
  if (!data) return false;
  return can({ kind: "user", userId: data.user.id, username: data.user.username, role: data.user.role, sessionId: "", csrfToken: "" }, permission);
}
