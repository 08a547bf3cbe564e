import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { WebhookDeliveryDto, WebhookDto } from "./serializers";

export const webhookKeys = {
  all: ["webhooks"] as const,
  list: () => [...webhookKeys.all, "list"] as const,
  deliveries: (id: string) => [...webhookKeys.all, id, "deliveries"] as const,
};

export const webhooksQuery = () =>
  queryOptions({
    queryKey: webhookKeys.list(),
    queryFn: ({ signal }) =>
      apiFetch<{ webhooks: WebhookDto[] }>("/api/v1/webhooks", { signal }).then((r) => r.webhooks),
  });

/** Delivery status changes in the background (no event announces it), so the list polls while it is on screen. */
export const webhookDeliveriesQuery = (id: string) =>
  queryOptions({
    queryKey: webhookKeys.deliveries(id),
    queryFn: ({ signal }) =>
      apiFetch<{ deliveries: WebhookDeliveryDto[] }>(`/api/v1/webhooks/${id}/deliveries`, { signal }).then(
        (r) => r.deliveries,
      ),
    refetchInterval: 2_000,
  });
