// What the guard, the health gate and the pages make of the judge's verdicts, pure: a flag's finding (its verdicts or
// why there are none), the gate's hold, the compact record for a guard run, each cohort's value of a metric, and the
// cumulative series with its time to decision.
import { judgeCanary } from "./judge";
import type { CanaryMetric, CanaryPolicy, CanaryVerdict, CohortTotals } from "./types";

/** One flag under a percentage rollout, judged over the current phase (or since its percentage last changed). */
export type CanaryFinding = {
  flag: string;
  percentage: number;
  since: string;
  verdicts: CanaryVerdict[];
  /** The flag's overall state: regressed if any metric regressed, insufficient_data if any judged metric is
   * undecided, ok when every judged metric is ok, no_data when no report carried this flag's cohorts (nothing to
   * judge: it never rolls back, and it holds the health gate like insufficient data; the page says why). */
  overall: "regressed" | "ok" | "insufficient_data" | "no_data";
  canary: CohortTotals;
  control: CohortTotals;
};

export function findingFor(
  flag: { key: string; percentage: number; since: Date },
  pair: { canary: CohortTotals; control: CohortTotals },
  policies: CanaryPolicy[],
): CanaryFinding {
  const verdicts = judgeCanary(pair.canary, pair.control, policies);
  const overall =
    verdicts.length === 0
      ? "no_data"
      : verdicts.some((v) => v.verdict === "regressed")
        ? "regressed"
        : verdicts.some((v) => v.verdict === "insufficient_data")
          ? "insufficient_data"
          : "ok";
  return {
    flag: flag.key,
    percentage: flag.percentage,
    since: flag.since.toISOString(),
    verdicts,
    overall,
    ...pair,
  };
}

const num = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : "∞");

export function describeVerdict(flag: string, v: CanaryVerdict): string {
  const effect = v.effect
    ? `canary/control ${num(v.effect.estimate)} (${Math.round(v.effect.confidence * 100)} % CI ${num(v.effect.lower)}–${num(v.effect.upper)})`
    : "no effect yet";
  return `${flag} ${v.metric} ${v.verdict}: ${effect}, ${v.canarySamples} canary vs ${v.controlSamples} control samples`;
}

/** The regressions that roll back, in words and as evidence. */
export function regressionsOf(findings: readonly CanaryFinding[]) {
  return findings.flatMap((f) =>
    f.verdicts.filter((v) => v.verdict === "regressed").map((v) => ({ flag: f.flag, verdict: v })),
  );
}

/** The health gate's canary part: what holds an advance (regressed, undecided, or a flag at a percentage whose
 * cohorts no report carries: no comparison is not a passed comparison), null when nothing does. */
export function canaryHold(findings: readonly CanaryFinding[]): string | null {
  const holds = findings.flatMap((f) =>
    f.overall === "no_data"
      ? [`${f.flag} has no cohort data (no report carries its cohorts)`]
      : f.verdicts
          .filter((v) => v.verdict !== "ok")
          .map((v) => `${f.flag} ${v.metric} ${v.verdict === "regressed" ? "regressed" : "insufficient data"}`),
  );
  return holds.length ? holds.join(", ") : null;
}

const round = (x: number | undefined | null) =>
  x === undefined || x === null || !Number.isFinite(x) ? null : Math.round(x * 1000) / 1000;

/** {flag: {metric: [verdict, estimate, lower, upper, canarySamples, controlSamples]}}: a few hundred bytes a run. */
export function compactFindings(findings: readonly CanaryFinding[]) {
  return Object.fromEntries(
    findings.map((f) => [
      f.flag,
      Object.fromEntries(
        f.verdicts.map((v) => [
          v.metric,
          [
            v.verdict,
            round(v.effect?.estimate),
            round(v.effect?.lower),
            round(v.effect?.upper),
            v.canarySamples,
            v.controlSamples,
          ],
        ]),
      ),
    ]),
  );
}

/** A cohort's value of a metric in the metric's own unit (%, ms, restarts per 1,000 requests); null without data. */
export function cohortValue(metric: CanaryMetric, t: CohortTotals): number | null {
  const ratio = (a: number, b: number, scale: number) => (b > 0 ? (a / b) * scale : null);
  switch (metric) {
    case "error_rate":
      return ratio(t.errors, t.requests, 100);
    case "message_delivery_success":
      return ratio(t.messagesDelivered, t.messagesSent, 100);
    case "state_recovery_success":
      return ratio(t.recoveriesSucceeded, t.recoveriesAttempted, 100);
    case "restart_frequency":
      return ratio(t.restarts, t.requests, 1000);
    case "average_response_time":
      return ratio(t.responseSumMs, t.responseCount, 1);
  }
}

export function addTotals(a: CohortTotals, b: CohortTotals): CohortTotals {
  let buckets = a.responseBuckets;
  if (b.responseBuckets) {
    const merged = new Map<number | null, number>((a.responseBuckets ?? []).map((x) => [x.leMs, x.count]));
    for (const x of b.responseBuckets) merged.set(x.leMs, (merged.get(x.leMs) ?? 0) + x.count);
    buckets = [...merged.entries()]
      .map(([leMs, count]) => ({ leMs, count }))
      .sort((x, y) => (x.leMs ?? Infinity) - (y.leMs ?? Infinity));
  }
  // A cohort's histogram is only kept while every response in it was bucketed.
  const complete =
    (a.responseCount === 0 || a.responseBuckets !== null) && (b.responseCount === 0 || b.responseBuckets !== null);
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    messagesSent: a.messagesSent + b.messagesSent,
    messagesDelivered: a.messagesDelivered + b.messagesDelivered,
    recoveriesAttempted: a.recoveriesAttempted + b.recoveriesAttempted,
    recoveriesSucceeded: a.recoveriesSucceeded + b.recoveriesSucceeded,
    restarts: a.restarts + b.restarts,
    responseCount: a.responseCount + b.responseCount,
    responseSumMs: a.responseSumMs + b.responseSumMs,
    responseBuckets: complete ? buckets : null,
  };
}

export type SeriesPoint = {
  at: string;
  metric: CanaryMetric;
  canary: number | null;
  control: number | null;
  verdict: CanaryVerdict["verdict"];
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  canarySamples: number;
  controlSamples: number;
};

/**
 * The judge replayed over the cumulative totals at the end of each minute since the phase began (what the guard saw
 * at that time), and per metric the first minute it decided (ok or regressed): the time to decision.
 */
export function cumulativeSeries(
  minutes: readonly { at: Date; canary: CohortTotals; control: CohortTotals }[],
  policies: CanaryPolicy[],
  since: Date,
  maxPoints = 120,
) {
  const points: SeriesPoint[] = [];
  const decidedAt = new Map<CanaryMetric, { at: string; verdict: string; minutes: number }>();
  let canary: CohortTotals | null = null;
  let control: CohortTotals | null = null;
  const step = Math.max(1, Math.ceil(minutes.length / maxPoints));
  minutes.forEach((m, i) => {
    canary = canary ? addTotals(canary, m.canary) : m.canary;
    control = control ? addTotals(control, m.control) : m.control;
    const last = i === minutes.length - 1;
    const verdicts = judgeCanary(canary, control, policies);
    const end = new Date(m.at.getTime() + 60_000);
    for (const v of verdicts)
      if (v.verdict !== "insufficient_data" && !decidedAt.has(v.metric))
        decidedAt.set(v.metric, {
          at: end.toISOString(),
          verdict: v.verdict,
          minutes: Math.max(0, Math.round((end.getTime() - since.getTime()) / 60_000)),
        });
    if (i % step !== 0 && !last) return;
    for (const v of verdicts)
      points.push({
        at: end.toISOString(),
        metric: v.metric,
        canary: round(cohortValue(v.metric, canary)),
        control: round(cohortValue(v.metric, control)),
        verdict: v.verdict,
        estimate: round(v.effect?.estimate),
        lower: round(v.effect?.lower),
        upper: round(v.effect?.upper),
        canarySamples: v.canarySamples,
        controlSamples: v.controlSamples,
      });
  });
  return {
    points,
    decidedAt: Object.fromEntries(decidedAt) as Partial<
      Record<CanaryMetric, { at: string; verdict: string; minutes: number }>
    >,
  };
}
