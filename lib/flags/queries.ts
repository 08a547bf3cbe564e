import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { FlagDto } from "./serializers";

export const flagKeys = {
  all: ["flags"] as const,
  list: () => [...flagKeys.all, "list"] as const,
  detail: (key: string) => [...flagKeys.all, "detail", key] as const,
};

export const flagListQuery = () =>
  queryOptions({
    queryKey: flagKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ flags: FlagDto[] }>("/api/v1/flags", { signal }).then((r) => r.flags),
  });
