// The effective flag state of a phase: every flag's default (off) overlaid by the partial flag maps of phases
// 1..N in order. The plan's Elixir applies only phase N's partial map, so a rollback from phase 3 to 2 left
// use_persistent_agents on; Phasegate always applies the whole effective state. Pure.
import { OFF, type FlagValue } from "../flags/value";

export type PhaseSettings = { number: number; flags: ReadonlyMap<string, FlagValue> | Record<string, FlagValue> };

/** `phaseNumber` null (rollout not started) or 0 gives every flag its default. */
export function effectiveFlagState(
  phases: readonly PhaseSettings[],
  phaseNumber: number | null,
  flagKeys: readonly string[],
): Map<string, FlagValue> {
  const state = new Map<string, FlagValue>(flagKeys.map((key) => [key, OFF]));
  const applied = [...phases]
    .filter((p) => phaseNumber !== null && p.number <= phaseNumber)
    .sort((a, b) => a.number - b.number);
  for (const phase of applied) {
    const entries = phase.flags instanceof Map ? phase.flags.entries() : Object.entries(phase.flags);
    for (const [key, value] of entries) if (state.has(key)) state.set(key, value);
  }
  return state;
}
