// The outbox's write side. Called by the one write path (lib/events/change-service.ts) for every emitted event, in
// the event's own transaction: one INSERT … SELECT writes a delivery row for each enabled webhook subscribed to
// the event, so an event that commits is delivered and one that rolls back never is. Sending happens later,
// outside any transaction (delivery-service.ts).
import type { Transaction } from "../db/client";
import { webhookTarget, type PhasegateEvent } from "../events/vocabulary";
import { webhookBody, type EventRecord } from "./body";

export async function enqueueWebhookDeliveries(
  tx: Pick<Transaction, "$executeRaw">,
  event: PhasegateEvent,
  record: EventRecord,
): Promise<number> {
  const body = JSON.stringify(webhookBody(event, record));
  // A targeted event (a webhook's test) goes to that webhook alone; any other to every subscriber.
  const target = webhookTarget(event) ?? null;
  return tx.$executeRaw`
    INSERT INTO webhook_deliveries (webhook_id, event_type, audit_event_id, body)
    SELECT w.id, ${event.type}, ${BigInt(record.id)}, ${body}::jsonb
    FROM webhooks w
    WHERE w.enabled
      AND CASE WHEN ${target}::uuid IS NULL THEN ${event.type} = ANY (w.events) ELSE w.id = ${target}::uuid END`;
}
