import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { CanaryOverviewDto } from "./serializers";

/** Under the health root: the canary.regressed, threshold and rollout events that make health stale make it stale too. */
export const canaryKeys = {
  all: ["health", "canary"] as const,
  overview: () => [...canaryKeys.all, "overview"] as const,
};

/** Cohort reports arrive without events, like the metrics: the verdicts poll. */
const CANARY_REFRESH_MS = 10_000;

export const canaryOverviewQuery = () =>
  queryOptions({
    queryKey: canaryKeys.overview(),
    queryFn: ({ signal }) => apiFetch<CanaryOverviewDto>("/api/v1/canary", { signal }),
    refetchInterval: CANARY_REFRESH_MS,
  });
