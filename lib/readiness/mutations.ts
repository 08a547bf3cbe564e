// The browser's writes for readiness: "Run now" scans the configured project and records a run. The live stream
// (readiness.completed) refreshes every other open browser.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import { rolloutKeys } from "../rollout/queries";
import { readinessKeys } from "./queries";
import type { ReadinessRunDto } from "./serializers";

export function useStartReadinessRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<ReadinessRunDto>("/api/v1/readiness/runs/start", { method: "POST" }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: readinessKeys.all }),
        queryClient.invalidateQueries({ queryKey: rolloutKeys.all }),
      ]),
  });
}
