// The browser's writes for webhooks; each invalidates through the key factory so the panel refetches.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { apiFetch } from "../http/api-client";
import { webhookKeys } from "./queries";
import type { createWebhookSchema } from "./schemas";
import type { CreatedWebhookDto, WebhookDeliveryDto, WebhookDto } from "./serializers";

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof createWebhookSchema>) =>
      apiFetch<CreatedWebhookDto>("/api/v1/webhooks", { body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useSetWebhookEnabled(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      apiFetch<WebhookDto>(`/api/v1/webhooks/${id}`, { method: "PATCH", body: { enabled } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useDeleteWebhook(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<WebhookDto>(`/api/v1/webhooks/${id}`, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useSendTestDelivery(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiFetch<{ delivery: WebhookDeliveryDto }>(`/api/v1/webhooks/${id}/test`, { method: "POST" }).then(
        (r) => r.delivery,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) }),
  });
}
