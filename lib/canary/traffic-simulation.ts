// Seeded simulation of cohort traffic, judged every 10 s the way the guard looks: used by the judge's tests and by
// bench/canary-decision.ts. Pure and reproducible: @stdlib's Mersenne-Twister-backed generators with fixed seeds.

import binomialRandom from "@stdlib/random-base-binomial";
import poissonRandom from "@stdlib/random-base-poisson";
import { judgeCanary } from "./judge";
import type { CanaryPolicy, CanaryVerdict, CohortTotals } from "./types";

export const LOOK_SECONDS = 10;

export type TrafficScenario = {
  /** Requests per second over both cohorts. */
  requestsPerSecond: number;
  /** The rollout percentage as a share: 0.1 = 10 % of ids in the canary. */
  canaryShare: number;
  controlErrorRate: number;
  canaryErrorRate: number;
  /** Longest run, in looks (a look every LOOK_SECONDS). */
  maxLooks: number;
};

export function emptyTotals(): CohortTotals {
  return {
    requests: 0,
    errors: 0,
    messagesSent: 0,
    messagesDelivered: 0,
    recoveriesAttempted: 0,
    recoveriesSucceeded: 0,
    restarts: 0,
    responseCount: 0,
    responseSumMs: 0,
    responseBuckets: null,
  };
}

export type Traffic = { step: () => { canary: CohortTotals; control: CohortTotals } };

/** Cumulative cohort totals after each look: Poisson arrivals, binomial split into cohorts and into errors. */
export function simulateTraffic(scenario: TrafficScenario, seed: number): Traffic {
  const poisson = poissonRandom.factory({ seed });
  const binomial = binomialRandom.factory({ seed: seed + 7919 });
  const canary = emptyTotals();
  const control = emptyTotals();
  return {
    step() {
      const n = poisson(scenario.requestsPerSecond * LOOK_SECONDS);
      const na = n > 0 ? binomial(n, scenario.canaryShare) : 0;
      const nb = n - na;
      canary.requests += na;
      control.requests += nb;
      if (na > 0) canary.errors += binomial(na, scenario.canaryErrorRate);
      if (nb > 0) control.errors += binomial(nb, scenario.controlErrorRate);
      return { canary: { ...canary }, control: { ...control } };
    },
  };
}

export type LookPredicate = (canary: CohortTotals, control: CohortTotals) => boolean;

/**
 * For each predicate, the look (1-based) at which it first holds, judged at every look over one simulated run;
 * null if it never does within maxLooks. Several predicates share one run so they see the same traffic.
 */
export function firstLooks<K extends string>(
  scenario: TrafficScenario,
  seed: number,
  predicates: Record<K, LookPredicate>,
): Record<K, number | null> {
  const keys = Object.keys(predicates) as K[];
  const result = Object.fromEntries(keys.map((k) => [k, null])) as Record<K, number | null>;
  let open = keys.length;
  const traffic = simulateTraffic(scenario, seed);
  for (let look = 1; look <= scenario.maxLooks && open > 0; look++) {
    const { canary, control } = traffic.step();
    for (const k of keys) {
      if (result[k] === null && predicates[k](canary, control)) {
        result[k] = look;
        open--;
      }
    }
  }
  return result;
}

/** The look at which one predicate first holds (see firstLooks). */
export function looksUntil(scenario: TrafficScenario, seed: number, predicate: LookPredicate): number | null {
  return firstLooks(scenario, seed, { decided: predicate }).decided;
}

/** A judge predicate: the first verdict for the (single) policy equals `kind`. */
export function verdictIs(policy: CanaryPolicy, kind: CanaryVerdict["verdict"]): LookPredicate {
  return (canary, control) => judgeCanary(canary, control, [policy])[0]?.verdict === kind;
}
