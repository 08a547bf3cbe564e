// Resolves threshold alerts whose metric recovered (recovery.ts), inside the guard's evaluation transaction: each
// resolution is audited and announced as alert.resolved through the caller's commitChange.
import "server-only";
import type { Transaction } from "../db/client";
import type { Emit } from "../events/change-service";
import type { MetricKey } from "./metrics";
import type { Verdict } from "./readings";
import { hasRecovered, THRESHOLD_ALERT_PREFIX, type PastEvaluation } from "./recovery";

export async function resolveRecoveredAlerts(
  tx: Transaction,
  emit: Emit,
  verdicts: Partial<Record<MetricKey, Verdict>>,
  now: Date,
  required: number,
): Promise<string[]> {
  const open = await tx.alert.findMany({
    where: { kind: "threshold", resolvedAt: null, title: { startsWith: THRESHOLD_ALERT_PREFIX } },
  });
  if (open.length === 0) return [];
  // guard_runs.readings is {metric: [verdict, value, samples, consecutive]} (guard-service.ts, compact()).
  const runs = await tx.guardRun.findMany({
    orderBy: { at: "desc" },
    take: Math.max(0, required - 1),
    select: { at: true, readings: true },
  });
  const previous: PastEvaluation[] = runs.map((run) => ({
    at: run.at,
    verdicts: Object.fromEntries(
      Object.entries((run.readings ?? {}) as Record<string, unknown[]>).map(([metric, reading]) => [
        metric,
        reading[0] as Verdict,
      ]),
    ),
  }));
  const resolved: string[] = [];
  for (const alert of open) {
    const metric = alert.title.slice(THRESHOLD_ALERT_PREFIX.length) as MetricKey;
    if (!hasRecovered({ metric, openedAt: alert.openedAt, current: verdicts[metric], previous, required })) continue;
    await tx.alert.update({ where: { id: alert.id }, data: { resolvedAt: now } });
    await emit(
      "alert.resolved",
      { id: alert.id },
      {
        target: { type: "alert", id: alert.id },
        before: { resolvedAt: null },
        after: { resolvedAt: now.toISOString() },
        reason: `${metric} back within its threshold for ${required} evaluation${required === 1 ? "" : "s"} in a row`,
      },
    );
    resolved.push(alert.id);
  }
  return resolved;
}
