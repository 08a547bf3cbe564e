import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { ReadinessChecklistDto, ReadinessLatestDto, ReadinessRunDto, ReadinessRunListDto } from "./serializers";

export const readinessKeys = {
  all: ["readiness"] as const,
  checklist: () => [...readinessKeys.all, "checklist"] as const,
  latest: () => [...readinessKeys.all, "latest"] as const,
  runs: (before: number | null) => [...readinessKeys.all, "runs", before] as const,
  run: (id: number) => [...readinessKeys.all, "run", id] as const,
};

export const checklistQuery = () =>
  queryOptions({
    queryKey: readinessKeys.checklist(),
    queryFn: ({ signal }) => apiFetch<ReadinessChecklistDto>("/api/v1/readiness/checklist", { signal }),
    staleTime: 60_000,
  });

export const latestRunQuery = () =>
  queryOptions({
    queryKey: readinessKeys.latest(),
    queryFn: ({ signal }) => apiFetch<ReadinessLatestDto>("/api/v1/readiness/runs/latest", { signal }),
  });

export const runListQuery = (before: number | null) =>
  queryOptions({
    queryKey: readinessKeys.runs(before),
    queryFn: ({ signal }) =>
      apiFetch<ReadinessRunListDto>(`/api/v1/readiness/runs?limit=20${before ? `&before=${before}` : ""}`, {
        signal,
      }),
  });

export const runQuery = (id: number) =>
  queryOptions({
    queryKey: readinessKeys.run(id),
    queryFn: ({ signal }) => apiFetch<ReadinessRunDto>(`/api/v1/readiness/runs/${id}`, { signal }),
  });
