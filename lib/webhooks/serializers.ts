// Wire shapes of webhooks and their deliveries: ISO dates, no secrets (except once, on creation), no Prisma rows.
import type { Webhook, WebhookAttempt, WebhookDelivery } from "../db/generated/client";
import { secretHint } from "./signature";

export type WebhookDto = {
  id: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  /** The secret's first characters, to tell which one a receiver holds. */
  secretHint: string;
  createdAt: string;
  createdBy: string | null;
};

/** Returned once, when a webhook is created: the signing secret is not shown again. */
export type CreatedWebhookDto = WebhookDto & { secret: string };

export type WebhookAttemptDto = {
  number: number;
  at: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
};

export type WebhookDeliveryDto = {
  id: string;
  webhookId: string;
  eventType: string;
  /** The audit event it announces. */
  eventId: string;
  /** The one-line summary the receiver got. */
  text: string;
  status: "pending" | "failed" | "delivered" | "dead";
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: WebhookAttemptDto[];
};

export function toWebhookDto(row: Webhook & { createdBy: { username: string } | null }): WebhookDto {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    secretHint: secretHint(row.secret),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy?.username ?? null,
  };
}

export function toDeliveryDto(row: WebhookDelivery & { attemptsMade: WebhookAttempt[] }): WebhookDeliveryDto {
  const body = row.body as { text?: unknown } | null;
  const waiting = row.status === "pending" || row.status === "failed";
  return {
    id: row.id,
    webhookId: row.webhookId,
    eventType: row.eventType,
    eventId: row.auditEventId.toString(),
    text: typeof body?.text === "string" ? body.text : "",
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: waiting ? row.nextAttemptAt.toISOString() : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    attemptLog: row.attemptsMade.map((a) => ({
      number: a.number,
      at: a.at.toISOString(),
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      error: a.error,
    })),
  };
}
