import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { ThresholdDto } from "./serializers";

export const healthKeys = {
  all: ["health"] as const,
  thresholds: () => [...healthKeys.all, "thresholds"] as const,
};

export const thresholdsQuery = () =>
  queryOptions({
    queryKey: healthKeys.thresholds(),
    queryFn: ({ signal }) =>
      apiFetch<{ thresholds: ThresholdDto[] }>("/api/v1/thresholds", { signal }).then((r) => r.thresholds),
  });
