// Writes an audit event inside the caller's transaction, so the change and its record commit or fail together.
import type { Prisma } from "../db/generated/client";
import type { Transaction } from "../db/client";

export type AuditActor = { type: "user" | "token" | "system"; id: string | null; label: string };

export const SYSTEM_ACTOR: AuditActor = { type: "system", id: null, label: "system" };

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  target: { type: string; id?: string | null };
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
};

export async function recordAudit(tx: Transaction, entry: AuditEntry) {
  return tx.auditEvent.create({
    data: {
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      actorLabel: entry.actor.label,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
      reason: entry.reason ?? null,
      requestId: entry.requestId ?? null,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}
