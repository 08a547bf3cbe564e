import type { Phase, RolloutState } from "../db/generated/client";
import { toWire, type FlagValue, type FlagValueWire } from "../flags/value";

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
};

export type RolloutStateDto = {
  currentPhase: number | null;
  enteredAt: string | null;
  status: "active" | "frozen" | "rolled_back";
  version: number;
  updatedAt: string;
};

export type RolloutOverviewDto = {
  state: RolloutStateDto;
  phases: PhaseDto[];
  flagKeys: string[];
};

/** A phase row with the flags it sets and every flag's value once it is applied, as decided by the caller. */
export function toPhaseDto(
  phase: Phase,
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
  };
}

function wireRecord(values: ReadonlyMap<string, FlagValue>): Record<string, FlagValueWire> {
  return Object.fromEntries([...values].map(([key, value]) => [key, toWire(value)]));
}

export function toRolloutStateDto(state: RolloutState): RolloutStateDto {
  return {
    currentPhase: state.currentPhase,
    enteredAt: state.enteredAt?.toISOString() ?? null,
    status: state.status,
    version: state.version,
    updatedAt: state.updatedAt.toISOString(),
  };
}
