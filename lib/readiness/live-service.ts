// The checklist's live checks, read at run time from Phasegate's own data: interval reports (lib/health), the
// thresholds and webhooks, and the audit trail's rollbacks. Each reading that fails makes its check unknown.
import "server-only";
import { db } from "../db/client";
import { METRICS } from "../health/metrics";
import { newestReportAt, windowTotals } from "../health/metrics-store";
import type { CheckOutcome } from "./checks";
import {
  alertsOutcome,
  MONITORING_WINDOW_MINUTES,
  monitoringOutcome,
  PERFORMANCE_WINDOW_MINUTES,
  performanceOutcome,
  ROLLBACK_WINDOW_DAYS,
  rollbackOutcome,
  unreadableOutcome,
} from "./live-checks";

/** Every way the rollout goes back: an operator's rollback, the emergency rollback, the guard's automatic one. */
export const ROLLBACK_ACTIONS = ["phase.rolled_back", "rollout.emergency_rollback", "rollout.auto_rollback"];

const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000);

async function monitoring(at: Date) {
  const from = minutesBefore(at, MONITORING_WINDOW_MINUTES);
  const [totals, nodes, newest] = await Promise.all([
    windowTotals(from, at),
    db().$queryRaw<{ node: string }[]>`
      SELECT DISTINCT node FROM interval_reports WHERE interval_start >= ${from} AND interval_start < ${at}
      ORDER BY node LIMIT 50`,
    newestReportAt(),
  ]);
  return monitoringOutcome(at, { reports: totals.reports, nodes: nodes.map((n) => n.node), newestSampleAt: newest });
}

async function alerts(at: Date) {
  const [thresholds, webhooks] = await Promise.all([
    db().threshold.findMany({ select: { metric: true, enabled: true }, orderBy: { metric: "asc" } }),
    db().webhook.findMany({ select: { name: true, enabled: true }, orderBy: { name: "asc" } }),
  ]);
  return alertsOutcome(at, { thresholds, webhooks });
}

async function performance(at: Date) {
  const [totals, threshold] = await Promise.all([
    windowTotals(minutesBefore(at, PERFORMANCE_WINDOW_MINUTES), at),
    db().threshold.findUnique({ where: { metric: "average_response_time" }, select: { minSamples: true } }),
  ]);
  return performanceOutcome(at, {
    responseCount: totals.responseCount,
    responseSumMs: totals.responseSumMs,
    minSamples: threshold?.minSamples ?? METRICS.average_response_time.defaultMinSamples,
  });
}

async function rollback(at: Date) {
  const row = await db().auditEvent.findFirst({
    where: { action: { in: ROLLBACK_ACTIONS }, at: { gte: minutesBefore(at, ROLLBACK_WINDOW_DAYS * 24 * 60) } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { id: true, at: true, action: true, actorLabel: true, reason: true },
  });
  return rollbackOutcome(
    at,
    row && { at: row.at, action: row.action, actor: row.actorLabel, auditId: String(row.id), reason: row.reason },
  );
}

const READERS: Record<string, (at: Date) => Promise<CheckOutcome>> = {
  "operations.monitoring_active": monitoring,
  "operations.alerts_configured": alerts,
  "operations.performance": performance,
  "operations.rollback_tested": rollback,
};

/** Every live check at `at`; one failed read makes that check unknown, the others still answer. */
export async function readLiveChecks(at: Date): Promise<CheckOutcome[]> {
  return Promise.all(
    Object.entries(READERS).map(([key, read]) => read(at).catch((error: unknown) => unreadableOutcome(key, at, error))),
  );
}
