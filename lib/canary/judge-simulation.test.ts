// Fixed-seed simulations of the guard's view: cumulative cohort totals judged every simulated 10 s.
import { describe, expect, it } from "vitest";
import { DEFAULT_CANARY_POLICIES } from "./judge";
import { firstLooks, looksUntil, verdictIs, type LookPredicate, type TrafficScenario } from "./traffic-simulation";
import type { CanaryPolicy } from "./types";

const RUNS = 200;
const seeds = Array.from({ length: RUNS }, (_, i) => 1000 + i);

// z quantiles from scipy: norm.ppf(1 - 0.05 / 2) and norm.ppf(1 - 0.01 / 2)
const Z = { 0.05: 1.959963984540054, 0.01: 2.5758293035489004 } as const;

/**
 * The naive alternative: a fixed-sample Wald interval on the log rate ratio, exp(ln r +- z sqrt(1/x + 1/y)),
 * recomputed at every look as if each look were the only one.
 */
function naiveRegressed(alpha: 0.05 | 0.01, maxDegradation: number, minSamples: number): LookPredicate {
  return (canary, control) => {
    if (canary.requests < minSamples || control.requests < minSamples) return false;
    const x = canary.errors;
    const y = control.errors;
    if (x === 0 || y === 0) return false;
    const lower = Math.exp(
      Math.log(x / canary.requests / (y / control.requests)) - Z[alpha] * Math.sqrt(1 / x + 1 / y),
    );
    return lower > maxDegradation;
  };
}

const errorPolicy = DEFAULT_CANARY_POLICIES.find((p) => p.metric === "error_rate")!;

describe("a-a: canary identical to control, judged every 10 s for an hour", () => {
  // maxDegradation 1 makes any alarm a miscoverage of the true ratio 1: the sharpest check of the alpha guarantee.
  const policy: CanaryPolicy = { ...errorPolicy, maxDegradation: 1, alpha: 0.05, minSamples: 30 };
  const aa: TrafficScenario = {
    requestsPerSecond: 20,
    canaryShare: 0.1,
    controlErrorRate: 0.02,
    canaryErrorRate: 0.02,
    maxLooks: 360,
  };
  const runs = seeds.map((seed) =>
    firstLooks(aa, seed, { judge: verdictIs(policy, "regressed"), naive: naiveRegressed(0.05, 1, 30) }),
  );
  const alarms = runs.filter((r) => r.judge !== null).length;
  const naiveAlarms = runs.filter((r) => r.naive !== null).length;

  it("the anytime-valid judge's false-alarm rate stays at or below alpha", () => {
    expect(alarms / RUNS).toBeLessThanOrEqual(policy.alpha);
  });

  it("a fixed-sample test repeated at every look raises false alarms far above its nominal alpha", () => {
    // One-sided miss rate of a 95 % interval is 2.5 % per look; repeated 360 times it compounds.
    expect(naiveAlarms / RUNS).toBeGreaterThan(2 * policy.alpha);
    expect(naiveAlarms).toBeGreaterThan(3 * Math.max(alarms, 1));
  });
});

describe("subtle canary: 20 % errors against 1 %, 10 % of traffic (global 2.9 %, under a 5 % threshold)", () => {
  const subtle: TrafficScenario = {
    requestsPerSecond: 10,
    canaryShare: 0.1,
    controlErrorRate: 0.01,
    canaryErrorRate: 0.2,
    maxLooks: 360,
  };
  const looks = seeds.map((seed) => looksUntil(subtle, seed, verdictIs(errorPolicy, "regressed")));

  it("the judge with the default policy decides regressed in every run", () => {
    expect(looks.filter((l) => l === null)).toEqual([]);
  });

  it("decides within minutes of traffic (the minimum samples dominate)", () => {
    const minutes = looks.map((l) => ((l ?? Infinity) * 10) / 60).sort((a, b) => a - b);
    expect(minutes[RUNS / 2]).toBeLessThan(5);
  });

  const globalAtEnd = seeds.slice(0, 20).map((seed) => {
    let last = { canary: { requests: 0, errors: 0 }, control: { requests: 0, errors: 0 } };
    looksUntil(subtle, seed, (canary, control) => {
      last = { canary, control };
      return false;
    });
    return (last.canary.errors + last.control.errors) / (last.canary.requests + last.control.requests);
  });

  it("while the global error rate stays under the plan's 5 % threshold", () => {
    for (const rate of globalAtEnd) expect(rate).toBeLessThan(0.05);
  });
});

describe("latency from histograms (lognormal responses, median 40 ms, log-sd 0.6, 20 requests/s, 10 % canary)", () => {
  const latencyPolicy = DEFAULT_CANARY_POLICIES.find((p) => p.metric === "average_response_time")!;
  const scenario = (canaryLatencyFactor: number, maxLooks: number): TrafficScenario => ({
    requestsPerSecond: 20,
    canaryShare: 0.1,
    controlErrorRate: 0.01,
    canaryErrorRate: 0.01,
    maxLooks,
    latency: { medianMs: 40, logSd: 0.6, canaryLatencyFactor },
  });

  // Simulated while collecting, like the runs above, so a loaded machine slows the file but trips no test timeout.
  const aaPolicy: CanaryPolicy = { ...latencyPolicy, maxDegradation: 1, alpha: 0.05, minSamples: 30 };
  const alarms = seeds.filter((seed) => looksUntil(scenario(1, 60), seed, verdictIs(aaPolicy, "regressed")) !== null);
  const slowLooks = seeds.map((seed) => looksUntil(scenario(1.4, 120), seed, verdictIs(latencyPolicy, "regressed")));

  it("a-a: the asymptotic normal-mixture sequence raises no more false alarms than alpha over 10 minutes", () => {
    expect(alarms.length / RUNS).toBeLessThanOrEqual(aaPolicy.alpha);
  });

  it("slow canary (+40 %) is regressed in every run with the default policy", () => {
    expect(slowLooks.filter((l) => l === null)).toEqual([]);
  });
});
