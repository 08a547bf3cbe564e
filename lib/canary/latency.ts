// Latency of a cohort from its counters: the mean from sum/count, the spread from the merged histogram.

import type { CohortTotals, ResponseBucket } from "./types";

/**
 * Squared coefficient of variation (variance / mean^2) of the response time, from per-bucket (not cumulative)
 * counts. A bounded bucket stands at its midpoint plus the within-bucket variance of a uniform spread (width^2/12);
 * the unbounded last bucket stands at twice its lower edge (the parser books it at the edge, which would
 * understate the tail and make the test anti-conservative). Null when there is no histogram or no spread.
 */
export function squaredCoefficientOfVariation(buckets: ResponseBucket[] | null): number | null {
  if (!buckets || buckets.length === 0) return null;
  let lower = 0;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const b of buckets) {
    let mid: number;
    let within: number;
    if (b.leMs === null) {
      mid = lower > 0 ? 2 * lower : 0;
      within = (lower * lower) / 3; // a uniform spread over [lower, 3 lower]
    } else {
      mid = (lower + b.leMs) / 2;
      within = ((b.leMs - lower) * (b.leMs - lower)) / 12;
      lower = b.leMs;
    }
    n += b.count;
    sum += b.count * mid;
    sumSq += b.count * (mid * mid + within);
  }
  if (n < 2 || sum <= 0) return null;
  const mean = sum / n;
  const variance = Math.max(0, sumSq / n - mean * mean);
  return variance / (mean * mean);
}

/** Mean response time in ms, or null without responses. */
export function meanResponseMs(t: CohortTotals): number | null {
  return t.responseCount > 0 ? t.responseSumMs / t.responseCount : null;
}
