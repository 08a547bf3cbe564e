// The guard's decision for one evaluation, pure: which metrics violate, how many evaluations in a row each has
// violated, and whether to roll back now. A violation must hold for `consecutiveRequired` evaluations in a row; any
// evaluation where the metric is ok or has no data breaks the run. After an automatic rollback the rollout is frozen
// until an operator acknowledges, and for `cooldownSeconds` no second automatic rollback happens at all.
import type { MetricKey } from "./metrics";
import { judge, type MetricReading, type ThresholdRule, type Verdict } from "./readings";

export type GuardConfig = { consecutiveRequired: number; cooldownSeconds: number };

export const DEFAULT_GUARD_CONFIG: GuardConfig = { consecutiveRequired: 3, cooldownSeconds: 600 };

export type GuardRollout = {
  currentPhase: number | null;
  firstPhase: number;
  status: "active" | "frozen" | "rolled_back";
};

export type Violation = {
  metric: MetricKey;
  value: number;
  comparison: "above" | "below";
  threshold: number;
  windowSeconds: number;
  samples: number;
  consecutive: number;
};

/** none: nothing to do; roll_back: do it now; held: a violation held long enough, but something forbids acting. */
export type GuardAction =
  | { kind: "none" }
  | { kind: "roll_back"; from: number; reason: string }
  | { kind: "held"; why: "cooldown" | "frozen" | "not_started" | "first_phase"; reason: string };

export type GuardDecision = {
  verdicts: Record<MetricKey, Verdict>;
  consecutive: Record<MetricKey, number>;
  violations: Violation[];
  /** Violations that held for consecutiveRequired evaluations: the evidence for a rollback. */
  sustained: Violation[];
  action: GuardAction;
};

export type GuardInput = {
  now: Date;
  readings: readonly MetricReading[];
  rules: readonly ThresholdRule[];
  previousConsecutive: Partial<Record<MetricKey, number>>;
  lastAutoRollbackAt: Date | null;
  rollout: GuardRollout;
  config: GuardConfig;
  /** The canary judge's regressions, described (lib/canary/findings.ts). The judge's test is sequential and
   * anytime-valid, so one regressed verdict is a decision: no consecutive count. */
  canaryRegressions?: readonly string[];
};

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export function describeViolation(v: Violation): string {
  return `${v.metric} ${fmt(v.value)} ${v.comparison === "above" ? ">" : "<"} ${fmt(v.threshold)} over ${v.windowSeconds}s (${v.samples} samples, ${v.consecutive} evaluations in a row)`;
}

export function decideGuard(input: GuardInput): GuardDecision {
  const verdicts = {} as Record<MetricKey, Verdict>;
  const consecutive = {} as Record<MetricKey, number>;
  const violations: Violation[] = [];
  for (const reading of input.readings) {
    const rule = input.rules.find((r) => r.metric === reading.metric);
    const verdict = judge(reading, rule);
    verdicts[reading.metric] = verdict;
    const count = verdict === "violating" ? (input.previousConsecutive[reading.metric] ?? 0) + 1 : 0;
    consecutive[reading.metric] = count;
    if (verdict === "violating" && rule && reading.state === "value")
      violations.push({
        metric: reading.metric,
        value: reading.value,
        comparison: rule.comparison,
        threshold: rule.value,
        windowSeconds: reading.windowSeconds,
        samples: reading.samples,
        consecutive: count,
      });
  }
  const required = Math.max(1, input.config.consecutiveRequired);
  const sustained = violations.filter((v) => v.consecutive >= required);
  return { verdicts, consecutive, violations, sustained, action: actionFor(input, sustained) };
}

function actionFor(input: GuardInput, sustained: Violation[]): GuardAction {
  const canary = (input.canaryRegressions ?? []).map((c) => `canary ${c}`);
  if (sustained.length === 0 && canary.length === 0) return { kind: "none" };
  const evidence = [...sustained.map(describeViolation), ...canary].join("; ");
  const { currentPhase, firstPhase, status } = input.rollout;
  if (currentPhase === null)
    return { kind: "held", why: "not_started", reason: `The rollout has not started. ${evidence}` };
  if (status === "frozen")
    return {
      kind: "held",
      why: "frozen",
      reason: `Frozen after an automatic rollback until an operator acknowledges. ${evidence}`,
    };
  if (input.lastAutoRollbackAt) {
    const until = input.lastAutoRollbackAt.getTime() + input.config.cooldownSeconds * 1000;
    if (input.now.getTime() < until)
      return {
        kind: "held",
        why: "cooldown",
        reason: `In cooldown until ${new Date(until).toISOString()} after the last automatic rollback. ${evidence}`,
      };
  }
  if (currentPhase <= firstPhase)
    return { kind: "held", why: "first_phase", reason: `Phase ${currentPhase} is the first phase. ${evidence}` };
  return { kind: "roll_back", from: currentPhase, reason: `Automatic rollback: ${evidence}` };
}
