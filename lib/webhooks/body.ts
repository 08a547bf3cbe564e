// What a webhook receives: a `text` line that Slack-compatible receivers show as is, and the structured event for
// receivers that act on it. Pure: built once per event, inside the transaction that commits the event.
import type { AuditActor } from "../audit/record";
import type { PhasegateEvent } from "../events/vocabulary";

export type WebhookEvent = {
  /** The audit event's id: the same event has the same id in the audit trail and in every delivery. */
  id: string;
  type: PhasegateEvent["type"];
  payload: Record<string, unknown>;
  actor: { type: AuditActor["type"]; label: string };
  reason: string | null;
  at: string;
};

export type WebhookBody = { text: string; event: WebhookEvent };

export type EventRecord = { id: bigint | string; at: Date; actor: AuditActor; reason: string | null };

export function webhookBody(event: PhasegateEvent, record: EventRecord): WebhookBody {
  const { type, ...payload } = event;
  return {
    text: summary(event, record.actor.label, record.reason),
    event: {
      id: String(record.id),
      type,
      payload,
      actor: { type: record.actor.type, label: record.actor.label },
      reason: record.reason,
      at: record.at.toISOString(),
    },
  };
}

/** One line an operator understands in a chat channel, e.g. "Phase 3 → 2 rolled back by anna: error rate 7.1%". */
export function summary(event: PhasegateEvent, actor: string, reason: string | null): string {
  return reason ? `${what(event)} by ${actor}: ${reason}` : `${what(event)} by ${actor}`;
}

function what(event: PhasegateEvent): string {
  switch (event.type) {
    case "phase.advanced":
      return event.from === null
        ? `Rollout started at phase ${event.to}`
        : `Phase ${event.from} → ${event.to} advanced`;
    case "phase.rolled_back":
      return `Phase ${event.from ?? "–"} → ${event.to} rolled back`;
    case "phase.reapplied":
      return `Phase ${event.to} re-applied`;
    case "rollout.emergency_rollback":
      return `EMERGENCY ROLLBACK to phase ${event.to} (from ${event.from ?? "–"})`;
    case "rollout.auto_rollback":
      return `AUTOMATIC ROLLBACK: phase ${event.from ?? "–"} → ${event.to}`;
    case "rollout.gate_overridden":
      return `Gates ${event.gates.join(", ")} overridden for phase ${event.phase}`;
    case "flag.created":
      return `Flag ${event.key} created`;
    case "flag.changed":
      return `Flag ${event.key} changed (version ${event.version})`;
    case "webhook.test":
      return "Test delivery from Phasegate, sent";
    default:
      return `${event.type}${"id" in event && typeof event.id === "string" ? ` ${event.id}` : ""}`;
  }
}
