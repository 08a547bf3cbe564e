// The browser's writes for the rollout. A transition changes flags, alerts and the audit trail too, so it
// invalidates all of them; the live stream does the same for every other open browser.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { alertKeys } from "../alerts/queries";
import { flagKeys } from "../flags/queries";
import { healthKeys } from "../health/queries";
import { apiFetch } from "../http/api-client";
import { rolloutKeys } from "./queries";
import type { TransitionResultDto } from "./serializers";
import type { TransitionAction } from "./transitions";

export type TransitionRequest = {
  reason: string;
  expectedVersion?: number;
  from?: number | null;
  override?: boolean;
};

export function useRolloutTransition(action: TransitionAction) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: TransitionRequest) =>
      apiFetch<TransitionResultDto>(`/api/v1/rollout/${action}`, {
        method: "POST",
        body: action === "emergency" ? { reason: request.reason } : request,
      }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: rolloutKeys.all }),
        queryClient.invalidateQueries({ queryKey: flagKeys.all }),
        queryClient.invalidateQueries({ queryKey: alertKeys.all }),
      ]),
  });
}

export function useTickRunbookItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ticked }: { id: number; ticked: boolean }) =>
      apiFetch(`/api/v1/rollout/runbook/${id}`, { method: "PUT", body: { ticked } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rolloutKeys.all }),
  });
}

/** A plan edit (admins); it never applies flags, so it invalidates the rollout (drift) and the audit trail only. */
export function useEditPhase(number: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (edit: Record<string, unknown> & { reason: string }) =>
      apiFetch(`/api/v1/rollout/phases/${number}`, { method: "PATCH", body: edit }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rolloutKeys.all }),
  });
}

export function useSetEmergencyFlags() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { flags: string[]; reason: string }) =>
      apiFetch(`/api/v1/rollout/emergency-flags`, { method: "PUT", body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: rolloutKeys.all }),
  });
}

/** Freeze or unfreeze (operators): no flag changes; the Overview's freeze banner (health) and the rollout change. */
export function useFreeze(kind: "freeze" | "unfreeze") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string; expectedVersion: number }) =>
      apiFetch<{ message: string }>(`/api/v1/rollout/${kind}`, { method: "POST", body }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: rolloutKeys.all }),
        queryClient.invalidateQueries({ queryKey: healthKeys.all }),
      ]),
  });
}
