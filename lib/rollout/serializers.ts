import type { AuditEvent, Phase, RolloutState, RunbookItem } from "../db/generated/client";
import { toWire, type FlagValue, type FlagValueWire } from "../flags/value";
import type { GateResult } from "./gates";
import type { FlagDifference, TransitionAction } from "./transitions";

export type PhaseDto = {
  number: number;
  name: string;
  plannedDurationMinutes: number;
  monitorForMinutes: number | null;
  validation: string;
  checks: string[];
  /** Only the flags this phase changes. */
  settings: Record<string, FlagValueWire>;
  /** Every flag's value once this phase is applied (defaults overlaid by phases 1..N). */
  effective: Record<string, FlagValueWire>;
  /** The phase's runbook items in order, as the plan editor edits them. */
  runbook: RunbookEditItem[];
};

export type RolloutStateDto = {
  currentPhase: number | null;
  enteredAt: string | null;
  status: "active" | "frozen" | "rolled_back";
  version: number;
  /** Which entry into a phase this is; runbook ticks belong to one entry. */
  entry: number;
  updatedAt: string;
};

/** A runbook item as the plan editor sends it (PATCH /api/v1/rollout/phases/{number}). */
export type RunbookEditItem = {
  section: "pre_deployment" | "checks" | "post_deployment";
  text: string;
  /** For checks: how long to watch, in minutes; null for a step. */
  durationMinutes: number | null;
};

export type RunbookItemDto = {
  id: number;
  section: "pre_deployment" | "checks" | "post_deployment";
  text: string;
  durationMinutes: number | null;
  ticked: boolean;
  tickedBy: string | null;
  tickedAt: string | null;
};

export type DriftDto = { key: string; expected: FlagValueWire; actual: FlagValueWire };

export type RolloutOverviewDto = {
  state: RolloutStateDto;
  /** The server's clock (injectable in tests), so time in phase is measured against it. */
  serverNow: string;
  phases: PhaseDto[];
  flagKeys: string[];
  /** Every flag's current value. */
  flags: Record<string, FlagValueWire>;
  /** Flags that differ from the current phase's effective state (changed by hand, or the plan was edited). */
  drift: DriftDto[];
  /** The advance gates from the current phase, as they stand now. */
  gates: GateResult[];
  emergencyForcedOff: string[];
  /** The current phase's runbook, with this entry's ticks. */
  runbook: RunbookItemDto[];
};

export type TimelineEntryDto = {
  id: string;
  at: string;
  action: string;
  actor: string;
  target: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
};

export type TransitionResultDto = {
  action: TransitionAction;
  /** False when nothing needed to change (a second emergency press, a re-apply without drift). */
  changed: boolean;
  message: string;
  from: number | null;
  to: number;
  changes: { key: string; before: FlagValueWire; after: FlagValueWire; version: number }[];
  gates: GateResult[];
  overridden: string[];
  state: RolloutStateDto;
};

export type TransitionPreviewDto = {
  action: TransitionAction;
  allowed: boolean;
  refusal: string | null;
  from: number | null;
  to: number | null;
  version: number;
  changes: FlagDifference[];
  gates: GateResult[];
};

export function toRolloutStateDto(state: RolloutState): RolloutStateDto {
  return {
    currentPhase: state.currentPhase,
    enteredAt: state.enteredAt?.toISOString() ?? null,
    status: state.status,
    version: state.version,
    entry: state.entry,
    updatedAt: state.updatedAt.toISOString(),
  };
}

export function toTimelineEntryDto(event: AuditEvent): TimelineEntryDto {
  return {
    id: event.id.toString(),
    at: event.at.toISOString(),
    action: event.action,
    actor: event.actorLabel,
    target: event.targetId,
    before: event.before,
    after: event.after,
    reason: event.reason,
  };
}

/** A phase row with the flags it sets and every flag's value once it is applied, as decided by the caller. */
export function toPhaseDto(
  phase: Phase & { runbookItems?: RunbookItem[] },
  settings: ReadonlyMap<string, FlagValue>,
  effective: ReadonlyMap<string, FlagValue>,
): PhaseDto {
  return {
    number: phase.number,
    name: phase.name,
    plannedDurationMinutes: phase.plannedDurationMinutes,
    monitorForMinutes: phase.monitorForMinutes,
    validation: phase.validation,
    checks: phase.checks,
    settings: wireRecord(settings),
    effective: wireRecord(effective),
    runbook: [...(phase.runbookItems ?? [])]
      .sort((a, b) => a.position - b.position)
      .map((i) => ({ section: i.section, text: i.text, durationMinutes: i.durationMinutes })),
  };
}

export function wireRecord(values: ReadonlyMap<string, FlagValue>): Record<string, FlagValueWire> {
  return Object.fromEntries([...values].map(([key, value]) => [key, toWire(value)]));
}
