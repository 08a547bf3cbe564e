// Chart math, pure: which buckets a range uses, and each bucket's metric values (null where nothing was measured,
// so a chart shows a gap, never a fall to zero).
import { METRIC_KEYS, type MetricKey } from "./metrics";
import type { WindowTotals } from "./readings";
import type { HealthRange } from "./schemas";

export const RANGES: Record<HealthRange, { seconds: number; bucketSeconds: number }> = {
  "15m": { seconds: 900, bucketSeconds: 60 },
  "1h": { seconds: 3600, bucketSeconds: 60 },
  "24h": { seconds: 86_400, bucketSeconds: 600 },
  "7d": { seconds: 604_800, bucketSeconds: 3600 },
};

/** One bucket's value of each metric; restart_frequency is per minute whatever the bucket's length. */
export function bucketValues(t: WindowTotals, bucketSeconds: number): Record<MetricKey, number | null> {
  const ratio = (a: number, b: number, scale: number) => (b > 0 ? (a / b) * scale : null);
  const values: Record<MetricKey, number | null> = {
    error_rate: ratio(t.errors, t.requests, 100),
    restart_frequency: t.reports > 0 ? t.restarts / (bucketSeconds / 60) : null,
    message_delivery_success: ratio(t.delivered, t.sent, 100),
    state_recovery_success: ratio(t.succeeded, t.attempted, 100),
    average_response_time: ratio(t.responseSumMs, t.responseCount, 1),
  };
  for (const key of METRIC_KEYS) if (values[key] !== null) values[key] = Math.round(values[key]! * 1000) / 1000;
  return values;
}
