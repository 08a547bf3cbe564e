// The rollout's state machine, pure: given where the rollout is, the plan's phases and what an operator asks for,
// which phase it lands on and which flag state it applies, or why not. The service locks, writes and announces.
import { OFF, sameValue, toWire, type FlagValue, type FlagValueWire } from "../flags/value";
import { effectiveFlagState, type PhaseSettings } from "./effective-state";

export const TRANSITION_ACTIONS = ["start", "advance", "rollback", "emergency", "reapply"] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

export type RolloutStatus = "active" | "frozen" | "rolled_back";
export type RolloutPosition = {
  currentPhase: number | null;
  status: RolloutStatus;
  /** While frozen: the status an unfreeze returns to. */
  frozenFrom?: RolloutStatus | null;
};

/** The event each transition announces (and the audit action it is recorded under). */
export const TRANSITION_EVENT = {
  start: "phase.advanced",
  advance: "phase.advanced",
  rollback: "phase.rolled_back",
  emergency: "rollout.emergency_rollback",
  reapply: "phase.reapplied",
} as const;

export type TransitionPlan = {
  action: TransitionAction;
  from: number | null;
  to: number;
  /** A new entry into a phase (restarts the soak time and the runbook); re-applying is not one. */
  entersPhase: boolean;
  /** The status after the transition: a frozen rollout stays frozen whatever is applied (only unfreeze ends it). */
  status: RolloutStatus;
  /** While frozen: the status an unfreeze returns to (what the transition would have set); null when not frozen. */
  frozenFrom: RolloutStatus | null;
};

export type Refusal = {
  /** conflict: the rollout is not where this makes sense (409); invalid: the request names something impossible. */
  kind: "conflict" | "invalid";
  field?: string;
  detail: string;
};

export type TransitionDecision = { ok: true; plan: TransitionPlan } | { ok: false; refusal: Refusal };

const refuse = (kind: Refusal["kind"], detail: string, field?: string): TransitionDecision => ({
  ok: false,
  refusal: { kind, detail, field },
});

/**
 * Decides a transition. `from` is the phase the operator saw as current: when given and stale, the request is
 * refused, so a double click or a second operator never moves the rollout twice.
 */
export function decideTransition(
  position: RolloutPosition,
  phaseNumbers: readonly number[],
  action: TransitionAction,
  from?: number | null,
): TransitionDecision {
  const sorted = [...phaseNumbers].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return refuse("conflict", "The plan has no phases.");
  const current = position.currentPhase;
  if (from !== undefined && from !== current) {
    return refuse(
      "conflict",
      `The rollout is ${current === null ? "not started" : `at phase ${current}`}, not ${from === null ? "not started" : `at phase ${from}`} as you saw it; review the current state and try again.`,
    );
  }
  const frozen = position.status === "frozen";
  const plan = (to: number, entersPhase: boolean, status: RolloutStatus): TransitionDecision => ({
    ok: true,
    plan: {
      action,
      from: current,
      to,
      entersPhase,
      status: frozen ? "frozen" : status,
      frozenFrom: frozen ? status : null,
    },
  });
  switch (action) {
    case "start":
      if (current !== null) return refuse("conflict", `The rollout has already started (phase ${current}).`);
      if (position.status === "frozen") return refuse("conflict", "The rollout is frozen; unfreeze it first.");
      return plan(first, true, "active");
    case "advance": {
      if (current === null) return refuse("conflict", "The rollout has not started; start it at phase 1 first.");
      if (position.status === "frozen") return refuse("conflict", "The rollout is frozen; unfreeze it first.");
      const next = sorted.find((n) => n > current);
      if (next === undefined)
        return refuse("invalid", `Phase ${current} is the last phase; there is no phase to advance to.`, "body.action");
      return plan(next, true, "active");
    }
    case "rollback": {
      if (current === null) return refuse("conflict", "The rollout has not started; there is nothing to roll back.");
      // From the first phase the plan re-applies the first phase (max(1, current - 1)).
      const previous = [...sorted].reverse().find((n) => n < current) ?? first;
      return plan(previous, true, "rolled_back");
    }
    case "emergency":
      return plan(first, current !== first, "rolled_back");
    case "reapply":
      if (current === null) return refuse("conflict", "The rollout has not started; there is no phase to re-apply.");
      return plan(current, false, frozen ? (position.frozenFrom ?? "active") : position.status);
  }
}

/**
 * The whole flag state a transition applies: the target phase's effective state (defaults overlaid by phases
 * 1..N), and for the emergency rollback the configured flags forced off on top, as the plan's script does.
 */
export function targetFlagState(
  action: TransitionAction,
  to: number,
  phases: readonly PhaseSettings[],
  flagKeys: readonly string[],
  emergencyForcedOff: readonly string[],
): Map<string, FlagValue> {
  const target = effectiveFlagState(phases, to, flagKeys);
  if (action === "emergency") for (const key of emergencyForcedOff) if (target.has(key)) target.set(key, OFF);
  return target;
}

export type FlagDifference = { key: string; before: FlagValueWire; after: FlagValueWire };

/** Flags whose current value differs from the target, in key order: what a transition would change, or drift. */
export function flagDifferences(
  current: ReadonlyMap<string, FlagValue>,
  target: ReadonlyMap<string, FlagValue>,
): FlagDifference[] {
  return [...target.keys()].sort().flatMap((key) => {
    const before = current.get(key) ?? OFF;
    const after = target.get(key)!;
    return sameValue(before, after) ? [] : [{ key, before: toWire(before), after: toWire(after) }];
  });
}
