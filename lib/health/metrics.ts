// The five monitored metrics, exactly: what each divides by what, over which window of interval starts, and how many
// samples it needs before its value means anything. Pure: the browser, the guard and the stores share it.
import { PLAN_METRICS, type MetricKey } from "../rollout/plan";

export type { MetricKey };

/** What a metric counts as one sample, for its minimum and for the evidence. */
export type SampleUnit = "requests" | "reports" | "messages" | "recoveries" | "responses";

export type MetricDefinition = {
  key: MetricKey;
  unit: string;
  /** Reports whose intervalStart lies in [now - windowSeconds, now) count (see windowFor). */
  windowSeconds: number;
  sampleUnit: SampleUnit;
  /** Fewer samples than this in the window: "no data", never a value and never a violation. */
  defaultMinSamples: number;
  formula: string;
};

const MINUTE = 60;

export const METRICS: Record<MetricKey, MetricDefinition> = {
  error_rate: {
    key: "error_rate",
    unit: "%",
    windowSeconds: 5 * MINUTE,
    sampleUnit: "requests",
    defaultMinSamples: 100,
    formula: "sum(errors) / sum(requests) x 100",
  },
  restart_frequency: {
    key: "restart_frequency",
    unit: "restarts/min",
    windowSeconds: MINUTE,
    sampleUnit: "reports",
    defaultMinSamples: 1,
    formula: "sum(restarts) over the last minute",
  },
  message_delivery_success: {
    key: "message_delivery_success",
    unit: "%",
    windowSeconds: 5 * MINUTE,
    sampleUnit: "messages",
    defaultMinSamples: 100,
    formula: "sum(delivered) / sum(sent) x 100",
  },
  state_recovery_success: {
    key: "state_recovery_success",
    unit: "%",
    windowSeconds: 5 * MINUTE,
    sampleUnit: "recoveries",
    defaultMinSamples: 10,
    formula: "sum(succeeded) / sum(attempted) x 100",
  },
  average_response_time: {
    key: "average_response_time",
    unit: "ms",
    windowSeconds: 5 * MINUTE,
    sampleUnit: "responses",
    defaultMinSamples: 100,
    formula: "sum(response time ms) / sum(responses)",
  },
};

export const METRIC_KEYS = PLAN_METRICS.map((m) => m.key) as MetricKey[];

/** The readiness check reads average response time over 30 minutes instead of the tile's 5. */
export const READINESS_RESPONSE_WINDOW_SECONDS = 30 * MINUTE;

export function isMetricKey(value: unknown): value is MetricKey {
  return typeof value === "string" && Object.hasOwn(METRICS, value);
}

/**
 * A window over interval starts, half-open: a report counts when from <= intervalStart < to. A report that starts
 * exactly `windowSeconds` ago is in; one that starts now is not yet (its interval has not ended).
 */
export type Window = { from: Date; to: Date };

export function windowFor(now: Date, windowSeconds: number): Window {
  return { from: new Date(now.getTime() - windowSeconds * 1000), to: now };
}

export function inWindow(window: Window, intervalStart: Date): boolean {
  const t = intervalStart.getTime();
  return t >= window.from.getTime() && t < window.to.getTime();
}
