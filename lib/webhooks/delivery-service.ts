// The outbox's send side: claims due deliveries, sends each outside any transaction, records every attempt.
// Claiming moves a row's next_attempt_at a lease into the future in the same statement that locks it
// (FOR UPDATE SKIP LOCKED), so two deliverers never take the same row; the outcome is written only if the row is
// still on the attempt this deliverer claimed. Only a deliverer that dies mid-send makes a row go out twice (after
// its lease), which is why each request carries a delivery id for receivers to de-duplicate on.
import "server-only";
import { db, type PrismaClient } from "../db/client";
import { webhookTargetAllowance } from "../env";
import { afterFailure } from "./backoff";
import { sendWebhook, type SendResult } from "./http-sender";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";
import type { TargetAllowance } from "./url-policy";

export type DeliveryOptions = {
  client?: PrismaClient;
  now?: () => Date;
  random?: () => number;
  timeoutMs?: number;
  batchSize?: number;
  allow?: TargetAllowance;
};

export const DELIVERY_TIMEOUT_MS = 5_000;
/** How long a claimed row is left alone: well past one send's timeout, so only a dead deliverer's rows come back. */
const LEASE_MS = 60_000;

type Claimed = {
  id: string;
  attempts: number;
  event_type: string;
  body: string;
  created_at: Date;
  url: string;
  secret: string;
};

/** Sends one batch of due deliveries; returns how many were attempted. */
export async function deliverDueWebhooks(options: DeliveryOptions = {}): Promise<number> {
  const client = options.client ?? db();
  const now = (options.now ?? (() => new Date()))();
  const claimed = await client.$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
      WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= ${now} AND w.enabled
      ORDER BY d.next_attempt_at
      LIMIT ${options.batchSize ?? 16}
      FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE webhook_deliveries d
    SET attempts = d.attempts + 1, next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}
    FROM due, webhooks w
    WHERE d.id = due.id AND w.id = d.webhook_id
    RETURNING d.id, d.attempts, d.event_type, d.body::text AS body, d.created_at, w.url, w.secret`;
  await Promise.all(claimed.map((row) => attempt(client, row, now, options)));
  return claimed.length;
}

async function attempt(client: PrismaClient, row: Claimed, claimedAt: Date, options: DeliveryOptions) {
  const timestamp = Math.floor(claimedAt.getTime() / 1000);
  const result = await sendWebhook({
    url: row.url,
    body: row.body,
    headers: {
      "content-type": "application/json",
      "user-agent": "Phasegate-Webhooks/1",
      [SIGNATURE_HEADER]: signatureHeader(row.secret, timestamp, row.body),
      [EVENT_HEADER]: row.event_type,
      [DELIVERY_HEADER]: row.id,
    },
    timeoutMs: options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
    allow: options.allow ?? webhookTargetAllowance(),
  });
  await recordAttempt(client, row, claimedAt, result, (options.random ?? Math.random)());
}

async function recordAttempt(client: PrismaClient, row: Claimed, at: Date, result: SendResult, random: number) {
  const outcome = result.ok
    ? { status: "delivered" as const, deliveredAt: at }
    : afterFailure(row.attempts, row.created_at, at, random);
  await client.$transaction([
    client.webhookAttempt.create({
      data: {
        deliveryId: row.id,
        number: row.attempts,
        at,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
      },
    }),
    client.webhookDelivery.updateMany({
      // Written only while the row is still on this attempt: a deliverer that outlived its lease changes nothing.
      where: { id: row.id, attempts: row.attempts },
      data: {
        status: outcome.status,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        ...(outcome.status === "delivered" ? { deliveredAt: outcome.deliveredAt } : {}),
        ...(outcome.status === "failed" ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
      },
    }),
  ]);
}
