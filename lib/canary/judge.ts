// The canary judge: per metric, canary against control, regressed / ok / insufficient data (docs/CANARY.md).
// Pure: the guard calls it every look with the cumulative cohort totals of the current phase.

import { meanResponseMs, squaredCoefficientOfVariation } from "./latency";
import { betaBinomialConfidenceSequence, normalMixtureHalfWidth, rateRatioConfidenceSequence } from "./sequential";
import type { CanaryEffect, CanaryMetric, CanaryPolicy, CanaryVerdict, CohortTotals } from "./types";

/**
 * Defaults. The guard rolls back when ANY metric regresses, so the five alphas add up (a union bound): 5 x 0.01
 * keeps the chance that a healthy canary is ever rolled back during a phase at or below 5 %.
 */
export const DEFAULT_CANARY_POLICIES: CanaryPolicy[] = [
  { metric: "error_rate", enabled: true, maxDegradation: 1.5, alpha: 0.01, minSamples: 200, negligibleRate: 0.001 },
  {
    metric: "message_delivery_success",
    enabled: true,
    maxDegradation: 1.5,
    alpha: 0.01,
    minSamples: 200,
    negligibleRate: 0.001,
  },
  {
    metric: "state_recovery_success",
    enabled: true,
    maxDegradation: 1.5,
    alpha: 0.01,
    minSamples: 20,
    negligibleRate: 0.01,
  },
  {
    metric: "restart_frequency",
    enabled: true,
    maxDegradation: 2,
    alpha: 0.01,
    minSamples: 200,
    negligibleRate: 0.001,
  },
  { metric: "average_response_time", enabled: true, maxDegradation: 1.2, alpha: 0.01, minSamples: 200 },
];

/**
 * Prior sample size of the beta mixture for rate ratios. Small keeps the test quick for large effects; see the
 * benchmark in docs/BENCHMARKS.md for the choice.
 */
export const RATE_PRIOR_CONCENTRATION = 10;

type CountMetric = Exclude<CanaryMetric, "average_response_time">;

/** What is counted as "bad" and per what exposure, for each count metric. */
const COUNTS: Record<
  CountMetric,
  { bad: (t: CohortTotals) => number; exposure: (t: CohortTotals) => number; noun: string }
> = {
  error_rate: { bad: (t) => t.errors, exposure: (t) => t.requests, noun: "errors per request" },
  message_delivery_success: {
    bad: (t) => Math.max(0, t.messagesSent - t.messagesDelivered),
    exposure: (t) => t.messagesSent,
    noun: "failed deliveries per message",
  },
  state_recovery_success: {
    bad: (t) => Math.max(0, t.recoveriesAttempted - t.recoveriesSucceeded),
    exposure: (t) => t.recoveriesAttempted,
    noun: "failed recoveries per attempt",
  },
  restart_frequency: { bad: (t) => t.restarts, exposure: (t) => t.requests, noun: "restarts per request" },
};

/** Why a policy cannot be judged (a field and its rule), or null when it can. */
export function canaryPolicyProblem(policy: CanaryPolicy): string | null {
  if (!(policy.alpha > 0 && policy.alpha < 1)) return "alpha must lie strictly between 0 and 1";
  if (!(policy.maxDegradation > 0 && Number.isFinite(policy.maxDegradation)))
    return "maxDegradation must be a positive ratio";
  if (!(policy.minSamples >= 0)) return "minSamples must not be negative";
  if (policy.negligibleRate !== undefined && !(policy.negligibleRate >= 0 && policy.negligibleRate < 1))
    return "negligibleRate must lie in [0, 1)";
  return null;
}

/** Judge every enabled policy whose metric has data in at least one cohort. */
export function judgeCanary(canary: CohortTotals, control: CohortTotals, policies: CanaryPolicy[]): CanaryVerdict[] {
  const verdicts: CanaryVerdict[] = [];
  for (const policy of policies) {
    if (!policy.enabled) continue;
    const problem = canaryPolicyProblem(policy);
    if (problem) {
      // A broken policy holds (never passes, never rolls back) and says why, rather than throwing in the guard.
      verdicts.push({
        metric: policy.metric,
        verdict: "insufficient_data",
        effect: null,
        canarySamples: 0,
        controlSamples: 0,
        reason: `invalid policy: ${problem}`,
      });
      continue;
    }
    const v =
      policy.metric === "average_response_time"
        ? judgeLatency(canary, control, policy)
        : judgeRate(canary, control, policy, policy.metric);
    if (v) verdicts.push(v);
  }
  return verdicts;
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)} %`;
const num = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toPrecision(3)) : "∞");

function decide(
  effect: CanaryEffect,
  policy: CanaryPolicy,
  enough: boolean,
): { verdict: CanaryVerdict["verdict"]; why: string } {
  const ci = `${Math.round(effect.confidence * 100)} % CS ${num(effect.lower)}–${num(effect.upper)}`;
  if (!enough)
    return { verdict: "insufficient_data", why: `fewer than ${policy.minSamples} samples in a cohort (${ci})` };
  if (effect.lower > policy.maxDegradation)
    return {
      verdict: "regressed",
      why: `ratio ${num(effect.estimate)}, ${ci}, entirely above ${policy.maxDegradation}`,
    };
  if (effect.upper < policy.maxDegradation)
    return { verdict: "ok", why: `ratio ${num(effect.estimate)}, ${ci}, entirely below ${policy.maxDegradation}` };
  return {
    verdict: "insufficient_data",
    why: `ratio ${num(effect.estimate)}, ${ci}, straddles ${policy.maxDegradation}`,
  };
}

function judgeRate(
  canary: CohortTotals,
  control: CohortTotals,
  policy: CanaryPolicy,
  metric: CountMetric,
): CanaryVerdict | null {
  const m = COUNTS[metric];
  const ta = m.exposure(canary);
  const tb = m.exposure(control);
  if (ta <= 0 && tb <= 0) return null;
  const base = { metric, canarySamples: ta, controlSamples: tb };
  if (ta <= 0 || tb <= 0)
    return {
      ...base,
      verdict: "insufficient_data",
      effect: null,
      reason: `no ${ta <= 0 ? "canary" : "control"} samples yet`,
    };
  // Not capped by the exposure: restarts may outnumber requests, and the conditional binomial needs no cap.
  const x = m.bad(canary);
  const y = m.bad(control);
  const cs = rateRatioConfidenceSequence(
    { canaryEvents: x, canaryExposure: ta, controlEvents: y, controlExposure: tb },
    policy.alpha,
    RATE_PRIOR_CONCENTRATION,
  );
  const effect: CanaryEffect = { kind: "ratio", ...cs, confidence: 1 - policy.alpha };
  const enough = ta >= policy.minSamples && tb >= policy.minSamples;
  let { verdict, why } = decide(effect, policy, enough);
  // The estimate lies inside its own sequence, so a canary rate at or above the floor cannot pass: skip the work.
  if (
    verdict === "insufficient_data" &&
    enough &&
    policy.negligibleRate !== undefined &&
    x / ta < policy.negligibleRate
  ) {
    // The canary's own rate, anytime-valid with a uniform mixture: ok when even its upper bound is negligible.
    const bad = Math.min(x, ta);
    const own = betaBinomialConfidenceSequence(bad, ta - bad, policy.alpha, { a: 1, b: 1 });
    if (own.upper < policy.negligibleRate) {
      verdict = "ok";
      why = `canary rate below ${pct(policy.negligibleRate)} (upper bound ${pct(own.upper)}); ${why}`;
    }
  }
  const rates = `canary ${pct(x / ta)} vs control ${pct(y / tb)} ${m.noun}`;
  return { ...base, verdict, effect, reason: `${rates}: ${why}` };
}

function judgeLatency(canary: CohortTotals, control: CohortTotals, policy: CanaryPolicy): CanaryVerdict | null {
  const na = canary.responseCount;
  const nb = control.responseCount;
  if (na <= 0 && nb <= 0) return null;
  const base = { metric: policy.metric, canarySamples: na, controlSamples: nb };
  const ma = meanResponseMs(canary);
  const mb = meanResponseMs(control);
  if (ma === null || mb === null || ma <= 0 || mb <= 0)
    return {
      ...base,
      verdict: "insufficient_data",
      effect: null,
      reason: `no ${ma ? "control" : "canary"} responses yet`,
    };
  const estimate = ma / mb;
  const cva = squaredCoefficientOfVariation(canary.responseBuckets);
  const cvb = squaredCoefficientOfVariation(control.responseBuckets);
  const means = `canary ${ma.toFixed(1)} ms vs control ${mb.toFixed(1)} ms mean`;
  if (cva === null || cvb === null) {
    const effect: CanaryEffect = {
      kind: "ratio",
      estimate,
      lower: 0,
      upper: Number.POSITIVE_INFINITY,
      confidence: 1 - policy.alpha,
    };
    return {
      ...base,
      verdict: "insufficient_data",
      effect,
      reason: `${means}: needs a response-time histogram in both cohorts (sum and count carry no spread)`,
    };
  }
  // Delta method: Var(ln mean) ~ cv^2 / n; the mixing scale is the log of the acceptable degradation.
  const variance = Math.max(cva, 1e-6) / na + Math.max(cvb, 1e-6) / nb;
  const half = normalMixtureHalfWidth(variance, policy.alpha, Math.log(Math.max(policy.maxDegradation, 1.01)));
  const log = Math.log(estimate);
  const effect: CanaryEffect = {
    kind: "ratio",
    estimate,
    lower: Math.exp(log - half),
    upper: Math.exp(log + half),
    confidence: 1 - policy.alpha,
  };
  const { verdict, why } = decide(effect, policy, na >= policy.minSamples && nb >= policy.minSamples);
  return { ...base, verdict, effect, reason: `${means}: ${why}` };
}
