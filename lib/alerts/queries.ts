import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { AlertDto } from "./serializers";

export const alertKeys = {
  all: ["alerts"] as const,
  list: (status: "open" | "all") => [...alertKeys.all, "list", status] as const,
};

export const alertsQuery = (status: "open" | "all" = "all") =>
  queryOptions({
    queryKey: alertKeys.list(status),
    queryFn: ({ signal }) => apiFetch<AlertDto[]>(`/api/v1/alerts?status=${status}`, { signal }),
  });
