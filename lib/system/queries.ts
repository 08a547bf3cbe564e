import { queryOptions } from "@tanstack/react-query";
import { ApiError, apiFetch } from "../http/api-client";
import type { HealthReport } from "./serializers";

export const systemKeys = {
  all: ["system"] as const,
  health: () => [...systemKeys.all, "health"] as const,
};

/** The health endpoint answers 503 with a full report while degraded; show that report rather than an error. */
export const systemHealthQuery = () =>
  queryOptions({
    queryKey: systemKeys.health(),
    queryFn: ({ signal }) =>
      apiFetch<HealthReport>("/api/v1/health", { signal }).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 503 && "database" in error.body)
          return error.body as unknown as HealthReport;
        throw error;
      }),
    refetchInterval: 15_000,
  });
