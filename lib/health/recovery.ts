// When a threshold alert resolves, pure: its metric has been back within its threshold ("ok", not merely "no data")
// for `required` evaluations in a row, all of them after the alert opened. The same count the guard needs to act,
// so an alert neither flaps open and shut around a threshold nor stays open after a real recovery.
import type { MetricKey } from "./metrics";
import type { Verdict } from "./readings";

/** Guard evaluations before the current one, newest first: when, and each metric's verdict. */
export type PastEvaluation = { at: Date; verdicts: Partial<Record<MetricKey, Verdict>> };

export function hasRecovered(input: {
  metric: MetricKey;
  openedAt: Date;
  current: Verdict | undefined;
  previous: readonly PastEvaluation[];
  required: number;
}): boolean {
  if (input.current !== "ok") return false;
  const needed = Math.max(1, input.required) - 1;
  const earlier = input.previous.slice(0, needed);
  return (
    earlier.length === needed &&
    earlier.every((run) => run.at.getTime() > input.openedAt.getTime() && run.verdicts[input.metric] === "ok")
  );
}

/** The metric a threshold alert is about, from its title ("Threshold violated: error_rate"). */
export const THRESHOLD_ALERT_PREFIX = "Threshold violated: ";
export const thresholdAlertTitle = (metric: MetricKey) => `${THRESHOLD_ALERT_PREFIX}${metric}`;
