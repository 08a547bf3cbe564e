import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { RolloutOverviewDto } from "./serializers";

export const rolloutKeys = {
  all: ["rollout"] as const,
  overview: () => [...rolloutKeys.all, "overview"] as const,
};

export const rolloutOverviewQuery = () =>
  queryOptions({
    queryKey: rolloutKeys.overview(),
    queryFn: ({ signal }) => apiFetch<RolloutOverviewDto>("/api/v1/rollout", { signal }),
  });
