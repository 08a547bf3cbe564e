// The checklist's live checks, decided from readings the service takes at run time. Pure. Each answers passed or
// failed from what it read, or unknown when the reading could not decide (too few samples, a failed read).
import type { CheckOutcome } from "./checks";

export const MONITORING_WINDOW_MINUTES = 5;
export const PERFORMANCE_WINDOW_MINUTES = 30;
export const PERFORMANCE_LIMIT_MS = 100;
export const ROLLBACK_WINDOW_DAYS = 7;

const live = (
  key: string,
  at: Date,
  status: CheckOutcome["status"],
  summary: string,
  evidence: Record<string, unknown>,
): CheckOutcome => ({ key, source: "live", status, summary, evidence, evidenceUrl: null, observedAt: at });

/** Monitoring active: interval reports arrived in the last 5 minutes. */
export function monitoringOutcome(
  at: Date,
  reading: { reports: number; nodes: string[]; newestSampleAt: Date | null },
): CheckOutcome {
  const evidence = {
    windowMinutes: MONITORING_WINDOW_MINUTES,
    reports: reading.reports,
    nodes: reading.nodes,
    newestSampleAt: reading.newestSampleAt?.toISOString() ?? null,
  };
  const key = "operations.monitoring_active";
  if (reading.reports > 0)
    return live(
      key,
      at,
      "passed",
      `${reading.reports} interval report${reading.reports === 1 ? "" : "s"} from ${reading.nodes.length} node${reading.nodes.length === 1 ? "" : "s"} in the last ${MONITORING_WINDOW_MINUTES} min.`,
      evidence,
    );
  const newest = reading.newestSampleAt
    ? `the newest is from ${reading.newestSampleAt.toISOString()}`
    : "nothing was ever reported";
  return live(
    key,
    at,
    "failed",
    `No interval report in the last ${MONITORING_WINDOW_MINUTES} min; ${newest}.`,
    evidence,
  );
}

/** Alerts configured: at least one enabled threshold, and at least one enabled webhook to reach the team. */
export function alertsOutcome(
  at: Date,
  reading: { thresholds: { metric: string; enabled: boolean }[]; webhooks: { name: string; enabled: boolean }[] },
): CheckOutcome {
  const thresholds = reading.thresholds.filter((t) => t.enabled).map((t) => t.metric);
  const webhooks = reading.webhooks.filter((w) => w.enabled).map((w) => w.name);
  const evidence = { enabledThresholds: thresholds, enabledWebhooks: webhooks };
  const key = "operations.alerts_configured";
  const missing = [
    ...(thresholds.length ? [] : ["no threshold is enabled"]),
    ...(webhooks.length ? [] : ["no webhook is enabled to reach the team"]),
  ];
  if (missing.length) return live(key, at, "failed", `Not configured: ${missing.join("; ")}.`, evidence);
  return live(
    key,
    at,
    "passed",
    `${thresholds.length} threshold${thresholds.length === 1 ? "" : "s"} enabled, alerts go to ${webhooks.join(", ")}.`,
    evidence,
  );
}

/** Performance acceptable: average response time over 30 minutes under 100 ms, with enough samples to say so. */
export function performanceOutcome(
  at: Date,
  reading: { responseCount: number; responseSumMs: number; minSamples: number },
): CheckOutcome {
  const key = "operations.performance";
  const base = {
    windowMinutes: PERFORMANCE_WINDOW_MINUTES,
    limitMs: PERFORMANCE_LIMIT_MS,
    samples: reading.responseCount,
    minSamples: reading.minSamples,
  };
  if (reading.responseCount < Math.max(1, reading.minSamples))
    return live(
      key,
      at,
      "unknown",
      `Not enough data: ${reading.responseCount} of ${reading.minSamples} responses in the last ${PERFORMANCE_WINDOW_MINUTES} min.`,
      { ...base, averageMs: null },
    );
  const average = reading.responseSumMs / reading.responseCount;
  const evidence = { ...base, averageMs: Math.round(average * 100) / 100 };
  const text = `Average response time ${average.toFixed(1)} ms over ${PERFORMANCE_WINDOW_MINUTES} min (${reading.responseCount} responses)`;
  return average < PERFORMANCE_LIMIT_MS
    ? live(key, at, "passed", `${text}, under ${PERFORMANCE_LIMIT_MS} ms.`, evidence)
    : live(key, at, "failed", `${text}, not under ${PERFORMANCE_LIMIT_MS} ms.`, evidence);
}

export type RollbackSeen = { at: Date; action: string; actor: string; auditId: string; reason: string | null };

/** Rollback tested: a rollback (operator, emergency or automatic) was performed in the last 7 days. */
export function rollbackOutcome(at: Date, latest: RollbackSeen | null): CheckOutcome {
  const key = "operations.rollback_tested";
  if (!latest)
    return live(key, at, "failed", `No rollback was performed in the last ${ROLLBACK_WINDOW_DAYS} days.`, {
      windowDays: ROLLBACK_WINDOW_DAYS,
      latest: null,
    });
  return live(key, at, "passed", `${latest.action} by ${latest.actor} at ${latest.at.toISOString()}.`, {
    windowDays: ROLLBACK_WINDOW_DAYS,
    latest: { ...latest, at: latest.at.toISOString() },
  });
}

/** A live check whose reading failed: unknown, with the reason, never passed. */
export function unreadableOutcome(key: string, at: Date, error: unknown): CheckOutcome {
  return live(key, at, "unknown", `Could not be read: ${(error as Error).message}`, {});
}
