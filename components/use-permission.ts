"use client";

import { useQuery } from "@tanstack/react-query";
import { roleCan, type Permission } from "@/lib/auth/policy";
import { sessionQuery } from "@/lib/auth/queries";

/** Whether the signed-in person may do something. Hides controls; the server enforces regardless. */
export function usePermission(permission: Permission): boolean {
  const { data } = useQuery(sessionQuery());
  if (!data) return false;
  return roleCan(data.user.role, permission);
}
