// From counter totals to metric readings, and from readings to verdicts. No data is its own state: a metric whose
// window holds fewer samples than its minimum has no value (never 0) and is never a violation. Pure.
import { METRICS, type MetricKey } from "./metrics";

/** Sums of every counter over the interval reports whose start lies in one window. */
export type WindowTotals = {
  reports: number;
  requests: number;
  errors: number;
  sent: number;
  delivered: number;
  attempted: number;
  succeeded: number;
  responseSumMs: number;
  responseCount: number;
  restarts: number;
};

export const EMPTY_TOTALS: WindowTotals = {
  reports: 0,
  requests: 0,
  errors: 0,
  sent: 0,
  delivered: 0,
  attempted: 0,
  succeeded: 0,
  responseSumMs: 0,
  responseCount: 0,
  restarts: 0,
};

export type MetricReading =
  | { metric: MetricKey; state: "value"; value: number; samples: number; minSamples: number; windowSeconds: number }
  | {
      metric: MetricKey;
      state: "no_data";
      samples: number;
      minSamples: number;
      windowSeconds: number;
      /** The newest interval report's start, however old; null when nothing was ever reported. */
      newestSampleAt: string | null;
      ageSeconds: number | null;
    };

/** The samples and the value a metric would have; the value is undefined when there is nothing to divide by. */
function measure(metric: MetricKey, t: WindowTotals): { samples: number; value: number | undefined } {
  const ratio = (part: number, whole: number, scale: number) => (whole > 0 ? (part / whole) * scale : undefined);
  switch (metric) {
    case "error_rate":
      return { samples: t.requests, value: ratio(t.errors, t.requests, 100) };
    case "restart_frequency":
      return { samples: t.reports, value: t.reports > 0 ? t.restarts : undefined };
    case "message_delivery_success":
      return { samples: t.sent, value: ratio(t.delivered, t.sent, 100) };
    case "state_recovery_success":
      return { samples: t.attempted, value: ratio(t.succeeded, t.attempted, 100) };
    case "average_response_time":
      return { samples: t.responseCount, value: ratio(t.responseSumMs, t.responseCount, 1) };
  }
}

export function readMetric(
  metric: MetricKey,
  totals: WindowTotals,
  minSamples: number,
  now: Date,
  newestSampleAt: Date | null,
): MetricReading {
  const { windowSeconds } = METRICS[metric];
  const { samples, value } = measure(metric, totals);
  const min = Math.max(1, minSamples);
  if (value === undefined || samples < min) {
    return {
      metric,
      state: "no_data",
      samples,
      minSamples: min,
      windowSeconds,
      newestSampleAt: newestSampleAt?.toISOString() ?? null,
      ageSeconds: newestSampleAt ? Math.max(0, Math.floor((now.getTime() - newestSampleAt.getTime()) / 1000)) : null,
    };
  }
  return { metric, state: "value", value, samples, minSamples: min, windowSeconds };
}

export type ThresholdRule = { metric: MetricKey; comparison: "above" | "below"; value: number; enabled: boolean };

export type Verdict = "ok" | "violating" | "no_data" | "unwatched";

/** A reading against its threshold. No data is never a violation; a metric without an enabled threshold is unwatched. */
export function judge(reading: MetricReading, rule: ThresholdRule | undefined): Verdict {
  if (reading.state === "no_data") return rule?.enabled ? "no_data" : "unwatched";
  if (!rule?.enabled) return "unwatched";
  const violates = rule.comparison === "above" ? reading.value > rule.value : reading.value < rule.value;
  return violates ? "violating" : "ok";
}

export type NodeLastReport = { node: string; intervalStart: Date; intervalSeconds: number };

/**
 * Reporters that stopped: a node is stale when its newest interval ended more than `graceIntervals` of its own
 * interval lengths ago (at least `minGraceSeconds`).
 */
export function staleReporters(
  nodes: readonly NodeLastReport[],
  now: Date,
  graceIntervals = 3,
  minGraceSeconds = 30,
): { node: string; lastReportAt: string; silentSeconds: number }[] {
  return nodes
    .map((n) => {
      const endedAt = n.intervalStart.getTime() + n.intervalSeconds * 1000;
      const silentSeconds = Math.floor((now.getTime() - endedAt) / 1000);
      const grace = Math.max(minGraceSeconds, graceIntervals * n.intervalSeconds);
      return { node: n.node, lastReportAt: n.intervalStart.toISOString(), silentSeconds, stale: silentSeconds > grace };
    })
    .filter((n) => n.stale)
    .map(({ node, lastReportAt, silentSeconds }) => ({ node, lastReportAt, silentSeconds }))
    .sort((a, b) => b.silentSeconds - a.silentSeconds);
}
