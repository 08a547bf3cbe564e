// The one write path. Every state change runs inside commitChange: the change itself, one audit event per
// announced event (action = the event's name), the webhook deliveries it owes (the outbox), and the NOTIFY that
// tells every instance, all in one transaction. If anything fails, nothing is written and nobody is told.
import "server-only";
import { recordAudit, type AuditActor } from "../audit/record";
import { db, type PrismaClient, type Transaction } from "../db/client";
import { notifyInTransaction } from "../db/notify";
import { enqueueWebhookDeliveries } from "../webhooks/outbox-store";
import { makeEvent, type EventPayload, type EventType } from "./vocabulary";

export type ChangeContext = { actor: AuditActor; requestId?: string | null };

/** What the audit trail keeps of one event, besides its name, actor and request id. */
export type AuditDetail = {
  target: { type: string; id?: string | null };
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** Records an event in the caller's transaction: its audit row now, its notification when the transaction commits. */
export type Emit = <T extends EventType>(type: T, payload: EventPayload<T>, audit: AuditDetail) => Promise<void>;

export type ChangeOptions = {
  /** Another client than the app's (start-up runs before the app's client exists). */
  client?: PrismaClient;
  isolationLevel?: "ReadCommitted" | "RepeatableRead" | "Serializable";
  /** How long to wait for a pooled connection, and how long the transaction may run (Prisma: 2 s and 5 s). */
  maxWaitMs?: number;
  timeoutMs?: number;
};

export function commitChange<T>(
  context: ChangeContext,
  work: (tx: Transaction, emit: Emit) => Promise<T>,
  options: ChangeOptions = {},
): Promise<T> {
  const client = options.client ?? db();
  return client.$transaction((tx) => work(tx, emitterFor(tx, context)), {
    isolationLevel: options.isolationLevel,
    maxWait: options.maxWaitMs,
    timeout: options.timeoutMs,
  });
}

/** The emit function of a transaction the caller already holds. */
export function emitterFor(tx: Transaction, context: ChangeContext): Emit {
  return async (type, payload, audit) => {
    const event = makeEvent(type, payload);
    const record = await recordAudit(tx, {
      actor: context.actor,
      action: type,
      target: audit.target,
      before: audit.before,
      after: audit.after,
      reason: audit.reason,
      requestId: context.requestId,
    });
    await enqueueWebhookDeliveries(tx, event, {
      id: record.id,
      at: record.at,
      actor: context.actor,
      reason: record.reason,
    });
    await notifyInTransaction(tx, event);
  };
}
