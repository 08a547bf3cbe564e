// The browser's writes for health: thresholds (admins) and acknowledging an automatic rollback (ends the freeze).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import { rolloutKeys } from "../rollout/queries";
import { healthKeys } from "./queries";
import type { ThresholdDto } from "./serializers";

export type ThresholdChange = {
  metric: string;
  comparison: "above" | "below";
  value: number;
  enabled: boolean;
  minSamples: number;
  reason: string;
};

export function useUpdateThreshold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ metric, ...body }: ThresholdChange) =>
      apiFetch<ThresholdDto>(`/api/v1/thresholds/${metric}`, { method: "PUT", body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: healthKeys.all }),
  });
}

export function useAcknowledgeFreeze() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => apiFetch("/api/v1/guard/acknowledge", { method: "POST", body: { reason } }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: healthKeys.all }),
        queryClient.invalidateQueries({ queryKey: rolloutKeys.all }),
      ]),
  });
}
