import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { FlagClientsDto, FlagDto, KnownIdsDto } from "./serializers";

export const flagKeys = {
  all: ["flags"] as const,
  list: () => [...flagKeys.all, "list"] as const,
  detail: (key: string) => [...flagKeys.all, "detail", key] as const,
  knownIds: (key: string) => [...flagKeys.all, "known-ids", key] as const,
  clients: () => [...flagKeys.all, "clients"] as const,
};

export const flagListQuery = () =>
  queryOptions({
    queryKey: flagKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ flags: FlagDto[] }>("/api/v1/flags", { signal }).then((r) => r.flags),
  });

export const knownIdsQuery = (key: string) =>
  queryOptions({
    queryKey: flagKeys.knownIds(key),
    queryFn: ({ signal }) => apiFetch<KnownIdsDto>(`/api/v1/flags/${key}/known-ids`, { signal }).then((r) => r.ids),
    staleTime: 30_000,
  });

export const flagClientsQuery = () =>
  queryOptions({
    queryKey: flagKeys.clients(),
    queryFn: ({ signal }) => apiFetch<FlagClientsDto>("/api/v1/flag-clients", { signal }),
  });
