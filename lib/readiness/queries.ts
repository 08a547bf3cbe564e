import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { ReadinessChecklistDto } from "./serializers";

export const readinessKeys = {
  all: ["readiness"] as const,
  checklist: () => [...readinessKeys.all, "checklist"] as const,
};

export const checklistQuery = () =>
  queryOptions({
    queryKey: readinessKeys.checklist(),
    queryFn: ({ signal }) => apiFetch<ReadinessChecklistDto>("/api/v1/readiness/checklist", { signal }),
    staleTime: 60_000,
  });
