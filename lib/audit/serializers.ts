import type { AuditEvent } from "../db/generated/client";

export type AuditEventDto = {
  id: string;
  at: string;
  actor: { type: string; id: string | null; label: string };
  action: string;
  target: { type: string; id: string | null };
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
};

export function toAuditEventDto(event: AuditEvent): AuditEventDto {
  return {
    id: event.id.toString(),
    at: event.at.toISOString(),
    actor: { type: event.actorType, id: event.actorId, label: event.actorLabel },
    action: event.action,
    target: { type: event.targetType, id: event.targetId },
    before: event.before,
    after: event.after,
    reason: event.reason,
    requestId: event.requestId,
  };
}

export type AuditPage = { events: AuditEventDto[]; nextCursor: string | null };
