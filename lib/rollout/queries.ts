import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { RolloutOverviewDto, TimelineEntryDto, TransitionPreviewDto } from "./serializers";
import type { TransitionAction } from "./transitions";

export const rolloutKeys = {
  all: ["rollout"] as const,
  overview: () => [...rolloutKeys.all, "overview"] as const,
  preview: (action: TransitionAction) => [...rolloutKeys.all, "preview", action] as const,
  timeline: () => [...rolloutKeys.all, "timeline"] as const,
};

export const rolloutOverviewQuery = () =>
  queryOptions({
    queryKey: rolloutKeys.overview(),
    queryFn: ({ signal }) => apiFetch<RolloutOverviewDto>("/api/v1/rollout", { signal }),
  });

/** What a transition would change now; fetched fresh when a confirm step opens. */
export const transitionPreviewQuery = (action: TransitionAction) =>
  queryOptions({
    queryKey: rolloutKeys.preview(action),
    queryFn: ({ signal }) => apiFetch<TransitionPreviewDto>(`/api/v1/rollout/preview?action=${action}`, { signal }),
    staleTime: 0,
  });

export const rolloutTimelineQuery = () =>
  queryOptions({
    queryKey: rolloutKeys.timeline(),
    queryFn: ({ signal }) => apiFetch<TimelineEntryDto[]>("/api/v1/rollout/timeline", { signal }),
  });
