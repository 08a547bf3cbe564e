import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { HealthRange } from "./schemas";
import type { GuardRunDto, HealthChartsDto, HealthNowDto, ThresholdDto } from "./serializers";

export const healthKeys = {
  all: ["health"] as const,
  thresholds: () => [...healthKeys.all, "thresholds"] as const,
  now: () => [...healthKeys.all, "now"] as const,
  charts: (range: HealthRange) => [...healthKeys.all, "charts", range] as const,
  guardRuns: () => [...healthKeys.all, "guard-runs"] as const,
};

/** Interval reports are announced by health.ingested (coalesced to once a second per instance), which invalidates every
 * health query through the event stream; rollout, threshold and alert events do too. Polling is only the fallback
 * for a stream that is down. */
const NOW_REFRESH_MS = 30_000;
const CHART_REFRESH_MS = 30_000;

export const thresholdsQuery = () =>
  queryOptions({
    queryKey: healthKeys.thresholds(),
    queryFn: ({ signal }) =>
      apiFetch<{ thresholds: ThresholdDto[] }>("/api/v1/thresholds", { signal }).then((r) => r.thresholds),
  });

export const healthNowQuery = () =>
  queryOptions({
    queryKey: healthKeys.now(),
    queryFn: ({ signal }) => apiFetch<HealthNowDto>("/api/v1/metrics", { signal }),
    refetchInterval: NOW_REFRESH_MS,
  });

export const healthChartsQuery = (range: HealthRange) =>
  queryOptions({
    queryKey: healthKeys.charts(range),
    queryFn: ({ signal }) => apiFetch<HealthChartsDto>(`/api/v1/metrics/charts?range=${range}`, { signal }),
    refetchInterval: CHART_REFRESH_MS,
  });

export const guardRunsQuery = () =>
  queryOptions({
    queryKey: healthKeys.guardRuns(),
    queryFn: ({ signal }) =>
      apiFetch<{ runs: GuardRunDto[] }>("/api/v1/guard/runs?limit=30", { signal }).then((r) => r.runs),
    refetchInterval: NOW_REFRESH_MS,
  });
