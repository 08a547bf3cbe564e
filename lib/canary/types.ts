// The contract of the canary judge: counters of the ids a flag turned on (canary) against the ids it left off
// (control), the per-metric policy, and the verdict. Pure types; the statistics live beside this file.

export const CANARY_METRICS = [
  "error_rate",
  "message_delivery_success",
  "state_recovery_success",
  "restart_frequency",
  "average_response_time",
] as const;
export type CanaryMetric = (typeof CANARY_METRICS)[number];

export type ResponseBucket = { leMs: number | null; count: number };

/** Cumulative counters of one cohort since the rollout entered the current percentage (the ingest `cohorts` items). */
export type CohortTotals = {
  requests: number;
  errors: number;
  messagesSent: number;
  messagesDelivered: number;
  recoveriesAttempted: number;
  recoveriesSucceeded: number;
  restarts: number;
  responseCount: number;
  responseSumMs: number;
  /** Merged histogram; null when the cohort reported only sum and count. */
  responseBuckets: ResponseBucket[] | null;
};

export type CanaryPolicy = {
  metric: CanaryMetric;
  enabled: boolean;
  /** The largest acceptable degradation as a ratio canary/control of the "bad" rate or of latency: 1.5 = 50 % worse. */
  maxDegradation: number;
  /** False-alarm rate of the anytime-valid test (and 1 - confidence of the interval shown). */
  alpha: number;
  /** Fewer samples than this in either cohort is insufficient data, whatever the test says. */
  minSamples: number;
  /**
   * Optional, count metrics only: a "bad" rate per exposure so small that nobody cares about its ratio. When the
   * canary's own rate is, anytime-valid at alpha, below it, the verdict is ok even if the ratio is still unsure (a
   * healthy pair of cohorts with no errors at all would otherwise never leave insufficient data).
   */
  negligibleRate?: number;
};

/** Bounds may be 0 or Infinity (e.g. the control saw no bad event yet): serialize with care, JSON turns Infinity into null. */
export type CanaryEffect = {
  kind: "ratio" | "difference";
  estimate: number;
  lower: number;
  upper: number;
  /** 1 - alpha */
  confidence: number;
};

export type CanaryVerdictKind = "regressed" | "ok" | "insufficient_data";

export type CanaryVerdict = {
  metric: CanaryMetric;
  verdict: CanaryVerdictKind;
  effect: CanaryEffect | null;
  canarySamples: number;
  controlSamples: number;
  /** One line an operator reads: why this verdict. */
  reason: string;
};

/** One cohort of one flag in one report (the ingest `cohorts` items), flattened like the report's own counters. */
export type CohortRow = {
  flag: string;
  variant: "on" | "off";
  requests: number;
  errors: number;
  sent: number;
  delivered: number;
  attempted: number;
  succeeded: number;
  responseSumMs: number;
  responseCount: number;
  responseBuckets: ResponseBucket[] | null;
  restarts: number;
};
