import { infiniteQueryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { AuditPage } from "./serializers";

export type AuditFilters = { actor?: string; action?: string; target?: string; from?: string; to?: string };

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, "list", filters] as const,
};

export function auditSearchParams(filters: AuditFilters, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(key, value);
  return params;
}

export const auditListQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ signal, pageParam }) =>
      apiFetch<AuditPage>(`/api/v1/audit?${auditSearchParams(filters, pageParam ? { cursor: pageParam } : {})}`, {
        signal,
      }),
    getNextPageParam: (page) => page.nextCursor,
  });
