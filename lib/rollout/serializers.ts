import type { RolloutState } from "../db/generated/client";
import type { FlagValueWire } from "../flags/value";

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

export function toRolloutStateDto(state: RolloutState): RolloutStateDto {
  return {
    currentPhase: state.currentPhase,
    enteredAt: state.enteredAt?.toISOString() ?? null,
    status: state.status,
    version: state.version,
    updatedAt: state.updatedAt.toISOString(),
  };
}
