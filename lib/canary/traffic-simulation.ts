// Seeded simulation of cohort traffic, judged every 10 s the way the guard looks: used by the judge's tests and by
// bench/canary-decision.ts. Pure and reproducible: @stdlib's Mersenne-Twister-backed generators with fixed seeds.

import { emptyTotals } from "./totals";
import binomialRandom from "@stdlib/random-base-binomial";
import normalRandom from "@stdlib/random-base-normal";
import poissonRandom from "@stdlib/random-base-poisson";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
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
  /** Optional response times: lognormal with this median (control) and log-sd; the canary's are scaled by canaryLatencyFactor. */
  latency?: { medianMs: number; logSd: number; canaryLatencyFactor: number };
};

/** Histogram bounds of the simulated reporter (per-bucket counts, the last bucket unbounded). */
export const SIMULATED_BUCKETS_MS = [5, 10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000, null] as const;

type BucketModel = { p: number; mean: number; sd: number }[];

/**
 * Per bucket of a lognormal(mu, sigma): its probability and the mean and sd of a response inside it, from the
 * partial moments E[X^k; a < X < b] = exp(k mu + k^2 sigma^2 / 2) (Phi((ln b - mu - k sigma^2)/sigma) - Phi(...a...)).
 */
function lognormalBuckets(medianMs: number, sigma: number): BucketModel {
  const mu = Math.log(medianMs);
  const phi = (x: number, k: number) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu - k * sigma * sigma) / sigma, 0, 1));
  const upper = (x: number | null, k: number) => (x === null ? 1 : phi(x, k));
  let lower = 0;
  return SIMULATED_BUCKETS_MS.map((le) => {
    const p = upper(le, 0) - phi(lower, 0);
    const m1 = Math.exp(mu + (sigma * sigma) / 2) * (upper(le, 1) - phi(lower, 1));
    const m2 = Math.exp(2 * mu + 2 * sigma * sigma) * (upper(le, 2) - phi(lower, 2));
    if (le !== null) lower = le;
    const mean = p > 0 ? m1 / p : 0;
    return { p, mean, sd: p > 0 ? Math.sqrt(Math.max(0, m2 / p - mean * mean)) : 0 };
  });
}

export type Traffic = { step: () => { canary: CohortTotals; control: CohortTotals } };

/** Cumulative cohort totals after each look: Poisson arrivals, binomial split into cohorts and into errors. */
export function simulateTraffic(scenario: TrafficScenario, seed: number): Traffic {
  const poisson = poissonRandom.factory({ seed });
  const binomial = binomialRandom.factory({ seed: seed + 7919 });
  const normal = normalRandom.factory({ seed: seed + 104729 });
  const canary = emptyTotals();
  const control = emptyTotals();
  const lat = scenario.latency;
  const models = lat && {
    canary: lognormalBuckets(lat.medianMs * lat.canaryLatencyFactor, lat.logSd),
    control: lognormalBuckets(lat.medianMs, lat.logSd),
  };
  // n responses split over the buckets by successive binomials (a multinomial draw); a bucket's sum of response
  // times is its count times the bucket mean plus normal noise of the within-bucket spread.
  const respond = (t: CohortTotals, n: number, model: BucketModel) => {
    const buckets = t.responseBuckets ?? SIMULATED_BUCKETS_MS.map((leMs) => ({ leMs, count: 0 }));
    let left = n;
    let mass = 1;
    model.forEach((b, i) => {
      const k = left > 0 && mass > 0 ? (i === model.length - 1 ? left : binomial(left, Math.min(1, b.p / mass))) : 0;
      left -= k;
      mass -= b.p;
      buckets[i]!.count += k;
      if (k > 0) t.responseSumMs += Math.max(0, k * b.mean + Math.sqrt(k) * b.sd * normal(0, 1));
    });
    t.responseCount += n;
    t.responseBuckets = buckets;
  };
  return {
    step() {
      const n = poisson(scenario.requestsPerSecond * LOOK_SECONDS);
      const na = n > 0 ? binomial(n, scenario.canaryShare) : 0;
      const nb = n - na;
      canary.requests += na;
      control.requests += nb;
      if (na > 0) canary.errors += binomial(na, scenario.canaryErrorRate);
      if (nb > 0) control.errors += binomial(nb, scenario.controlErrorRate);
      if (models) {
        respond(canary, na, models.canary);
        respond(control, nb, models.control);
      }
      const copy = (t: CohortTotals) => ({ ...t, responseBuckets: t.responseBuckets?.map((b) => ({ ...b })) ?? null });
      return { canary: copy(canary), control: copy(control) };
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
