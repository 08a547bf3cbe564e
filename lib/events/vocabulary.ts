// The one event vocabulary: every state change Phasegate announces has one name here, with the schema of what it
// carries, who may receive it on a live stream, which browser queries it makes stale, and which open streams it
// ends. Audit actions, NOTIFY payloads, the event streams and (later) webhooks all use these names. Pure: the
// browser imports it too.
import { z } from "zod";
import type { Permission } from "../auth/policy";

/** The first element of every TanStack Query key; each domain's key factory starts with one (`flagKeys.all`). */
export const QUERY_ROOTS = [
  "flags",
  "audit",
  "rollout",
  "health",
  "alerts",
  "readiness",
  "supervision",
  "system",
  "users",
  "tokens",
  "webhooks",
  "session",
] as const;
export type QueryRoot = (typeof QUERY_ROOTS)[number];

/** Whose open streams an event ends, because the credential behind them stopped being valid or changed. */
export type StreamEnding = { userId?: string; sessionId?: string; tokenId?: string };

type EventSpec<S extends z.ZodObject> = {
  payload: S;
  /** Who receives it on a live stream: holders of this permission. "internal": no stream ever carries it. */
  audience: Permission | "internal";
  /** Browser queries this event makes stale; "everything" after a resync. */
  invalidates: readonly QueryRoot[] | "everything";
  /** Flag values may have changed: every instance reloads its flag snapshot. */
  changesFlags?: true;
  /** Open streams that must end (revoked token, ended session, disabled person, changed role). */
  ends?: (payload: z.infer<S>) => StreamEnding;
  /** Sent to this one webhook only, whatever it subscribes to (a webhook's "send test"). */
  webhookTarget?: (payload: z.infer<S>) => string;
};

const spec = <S extends z.ZodObject>(definition: EventSpec<S>) => definition;

const phaseNumber = z.number().int().min(1);
const flagChange = z.object({
  key: z.string(),
  version: z.number().int(),
  /** Set on the streams once this instance's snapshot holds the change (null: the flag is gone). */
  value: z
    .union([z.literal("on"), z.literal("off"), z.number().int().min(0).max(100)])
    .nullable()
    .optional(),
  etag: z.string().optional(),
});
const transition = z.object({ from: phaseNumber.nullable(), to: phaseNumber, version: z.number().int() });
const userEvent = z.object({ userId: z.string() });
const sessionEvent = z.object({ userId: z.string(), sessionId: z.string() });
const tokenEvent = z.object({ tokenId: z.string() });
const byId = z.object({ id: z.string() });

// The Rollout page shows every flag and its drift from the current phase, so a flag change makes it stale too.
const FLAG_QUERIES = ["flags", "audit", "rollout"] as const;
const TRANSITION_QUERIES = ["rollout", "flags", "audit", "alerts"] as const;
const ROLLOUT_QUERIES = ["rollout", "audit"] as const;
const endUser = ({ userId }: { userId: string }): StreamEnding => ({ userId });

export const EVENTS = {
  "flag.created": spec({ payload: flagChange, audience: "evaluate", invalidates: FLAG_QUERIES, changesFlags: true }),
  "flag.changed": spec({ payload: flagChange, audience: "evaluate", invalidates: FLAG_QUERIES, changesFlags: true }),

  "phase.advanced": spec({
    payload: transition,
    audience: "read",
    invalidates: TRANSITION_QUERIES,
    changesFlags: true,
  }),
  "phase.rolled_back": spec({
    payload: transition,
    audience: "read",
    invalidates: TRANSITION_QUERIES,
    changesFlags: true,
  }),
  "phase.reapplied": spec({
    payload: transition,
    audience: "read",
    invalidates: TRANSITION_QUERIES,
    changesFlags: true,
  }),
  "rollout.emergency_rollback": spec({
    payload: transition,
    audience: "read",
    invalidates: TRANSITION_QUERIES,
    changesFlags: true,
  }),
  "rollout.auto_rollback": spec({
    payload: transition,
    audience: "read",
    invalidates: TRANSITION_QUERIES,
    changesFlags: true,
  }),
  "rollout.gate_overridden": spec({
    payload: z.object({ phase: phaseNumber, gates: z.array(z.string()) }),
    audience: "read",
    invalidates: ROLLOUT_QUERIES,
  }),
  "rollout.frozen": spec({
    payload: z.object({ version: z.number().int() }),
    audience: "read",
    // health: the Overview's freeze banner reads the freeze's reason from the guard status.
    invalidates: [...ROLLOUT_QUERIES, "health"],
  }),
  "rollout.unfrozen": spec({
    payload: z.object({ version: z.number().int() }),
    audience: "read",
    // health: the Overview's freeze banner reads the freeze's reason from the guard status.
    invalidates: [...ROLLOUT_QUERIES, "health"],
  }),
  "plan.loaded": spec({
    payload: z.object({ phases: z.number().int() }),
    audience: "read",
    invalidates: ROLLOUT_QUERIES,
  }),
  "rollout.emergency_list_changed": spec({
    payload: z.object({ flags: z.array(z.string()) }),
    audience: "read",
    invalidates: ROLLOUT_QUERIES,
  }),
  "plan.changed": spec({ payload: z.object({ phase: phaseNumber }), audience: "read", invalidates: ROLLOUT_QUERIES }),
  "runbook.ticked": spec({
    payload: z.object({ phase: phaseNumber, item: z.string(), ticked: z.boolean() }),
    audience: "read",
    invalidates: ROLLOUT_QUERIES,
  }),

  "threshold.changed": spec({
    payload: z.object({ metric: z.string() }),
    audience: "read",
    invalidates: ["health", "audit"],
  }),
  "canary.policy_changed": spec({
    payload: z.object({ metric: z.string() }),
    audience: "read",
    invalidates: ["health", "audit"],
  }),
  "canary.regressed": spec({
    payload: z.object({ flag: z.string(), metric: z.string() }),
    audience: "read",
    invalidates: ["health", "rollout", "alerts"],
  }),
  "alert.opened": spec({ payload: byId, audience: "read", invalidates: ["alerts", "audit"] }),
  "alert.acknowledged": spec({ payload: byId, audience: "read", invalidates: ["alerts", "rollout", "audit"] }),
  "alert.resolved": spec({ payload: byId, audience: "read", invalidates: ["alerts", "audit"] }),
  "readiness.completed": spec({
    payload: z.object({ id: z.string(), ready: z.boolean() }),
    audience: "read",
    invalidates: ["readiness", "rollout", "audit"],
  }),

  // Telemetry arrivals: not audited (no operator acted), announced so open pages refresh. Payloads stay tiny.
  "supervision.snapshot": spec({
    payload: z.object({ node: z.string() }),
    audience: "read",
    invalidates: ["supervision"],
  }),
  "supervision.restarted": spec({
    payload: z.object({ node: z.string(), count: z.number().int() }),
    audience: "read",
    invalidates: ["supervision", "health"],
  }),
  // At most once a second per instance however many batches arrive (lib/health/ingest-announcer.ts): the tiles
  // and charts refresh on it instead of polling, and a guard that acts on one evaluation wakes on it.
  "health.ingested": spec({
    payload: z.object({ reports: z.number().int().min(0) }),
    audience: "read",
    invalidates: ["health"],
  }),
  "node.flags_synced": spec({ payload: z.object({ node: z.string() }), audience: "read", invalidates: ["flags"] }),

  "user.created": spec({ payload: userEvent, audience: "admin", invalidates: ["users", "audit"] }),
  "user.updated": spec({ payload: userEvent, audience: "admin", invalidates: ["users", "audit"], ends: endUser }),
  "user.disabled": spec({ payload: userEvent, audience: "admin", invalidates: ["users", "audit"], ends: endUser }),
  "user.enabled": spec({ payload: userEvent, audience: "admin", invalidates: ["users", "audit"] }),
  "user.password_reset": spec({
    payload: userEvent,
    audience: "admin",
    invalidates: ["users", "audit"],
    ends: endUser,
  }),
  "user.password_changed": spec({
    payload: sessionEvent,
    audience: "admin",
    invalidates: ["users", "audit"],
    // The person's other sessions end; the one that changed the password stays.
    ends: ({ userId }) => ({ userId }),
  }),
  "user.sessions_revoked": spec({
    payload: userEvent,
    audience: "admin",
    invalidates: ["users", "audit"],
    ends: endUser,
  }),
  "user.logged_in": spec({ payload: sessionEvent, audience: "admin", invalidates: ["users", "audit"] }),
  "user.logged_out": spec({
    payload: sessionEvent,
    audience: "admin",
    invalidates: ["users", "audit"],
    ends: ({ sessionId }) => ({ sessionId }),
  }),
  "token.created": spec({ payload: tokenEvent, audience: "admin", invalidates: ["tokens", "audit"] }),
  "token.revoked": spec({
    payload: tokenEvent,
    audience: "admin",
    invalidates: ["tokens", "audit"],
    ends: ({ tokenId }) => ({ tokenId }),
  }),

  "webhook.created": spec({ payload: byId, audience: "admin", invalidates: ["webhooks", "audit"] }),
  "webhook.changed": spec({ payload: byId, audience: "admin", invalidates: ["webhooks", "audit"] }),
  "webhook.deleted": spec({ payload: byId, audience: "admin", invalidates: ["webhooks", "audit"] }),
  "webhook.test": spec({
    payload: byId,
    audience: "admin",
    invalidates: ["webhooks", "audit"],
    webhookTarget: ({ id }) => id,
  }),

  /** Synthetic, never written: this instance may have missed notifications (listener reconnected). */
  resync: spec({ payload: z.object({}), audience: "evaluate", invalidates: "everything", changesFlags: true }),
} as const;

export type EventType = keyof typeof EVENTS;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENTS)[T]["payload"]>;
/** One event: its type and its payload's fields, flat (`{ type: "flag.changed", key, version }`). */
export type PhasegateEvent = { [T in EventType]: { type: T } & EventPayload<T> }[EventType];

export const EVENT_TYPES = Object.keys(EVENTS) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && Object.hasOwn(EVENTS, value);
}

/** An event as received from elsewhere (NOTIFY payload), checked against its schema; undefined when unknown. */
export function parseEvent(value: unknown): PhasegateEvent | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const type = (value as { type?: unknown }).type;
  if (!isEventType(type)) return undefined;
  const parsed = EVENTS[type].payload.safeParse(value);
  return parsed.success ? ({ ...parsed.data, type } as PhasegateEvent) : undefined;
}

/** Builds an event, checking its payload: a wrong payload is a bug in server code (a 500, never a 400). */
export function makeEvent<T extends EventType>(type: T, payload: EventPayload<T>): PhasegateEvent {
  return { ...EVENTS[type].payload.parse(payload), type } as PhasegateEvent;
}

export function changesFlags(event: { type: EventType }): boolean {
  return EVENTS[event.type].changesFlags === true;
}

/** The one webhook an event goes to regardless of subscriptions, or undefined: every webhook subscribed to it. */
export function webhookTarget(event: PhasegateEvent): string | undefined {
  const target = EVENTS[event.type].webhookTarget as ((payload: PhasegateEvent) => string) | undefined;
  return target?.(event);
}

/** Event types a webhook may subscribe to: every written event but the synthetic resync and the targeted tests. */
export const SUBSCRIBABLE_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter(
  (type) => type !== "resync" && !EVENTS[type].webhookTarget,
);

export function streamEnding(event: PhasegateEvent): StreamEnding | undefined {
  const ends = EVENTS[event.type].ends as ((payload: PhasegateEvent) => StreamEnding) | undefined;
  return ends?.(event);
}

export const RESYNC_EVENT = Object.freeze({ type: "resync" }) as PhasegateEvent;
