// The health domain's reads and the threshold editor: current readings (shared with the guard), the Overview's
// tiles, and thresholds changed by admins through the write path (audited, announced).
import "server-only";
import type { AuditActor } from "../audit/record";
import { now as clockNow } from "../clock";
import { db } from "../db/client";
import { healthSettings, simulatedTelemetry } from "../env";
import { commitChange } from "../events/change-service";
import { METRIC_KEYS, METRICS, type MetricKey } from "./metrics";
import { newestReportAt, nodeLastReports, windowsTotals } from "./metrics-store";
import { judge, readMetric, staleReporters, type MetricReading, type ThresholdRule } from "./readings";
import type { ThresholdUpdate } from "./schemas";
import { toThresholdDto, type GuardStatusDto, type HealthNowDto, type ThresholdDto } from "./serializers";
import type { Threshold } from "../db/generated/client";

export async function listThresholds(): Promise<ThresholdDto[]> {
  const rows = await db().threshold.findMany({ orderBy: { metric: "asc" } });
  return rows.map(toThresholdDto);
}

export function toRules(thresholds: readonly ThresholdDto[]): ThresholdRule[] {
  return thresholds.map((t) => ({
    metric: t.metric as MetricKey,
    comparison: t.comparison,
    value: t.value,
    enabled: t.enabled,
  }));
}

/** Every metric's reading now: each window's totals read once, the minimum samples from its threshold row. */
export async function readCurrentMetrics(now: Date, thresholds: readonly ThresholdDto[]): Promise<MetricReading[]> {
  const windows = [...new Set(METRIC_KEYS.map((m) => METRICS[m].windowSeconds))];
  const [newest, totals] = await Promise.all([
    newestReportAt(),
    windowsTotals(
      windows.map((w) => new Date(now.getTime() - w * 1000)),
      now,
    ),
  ]);
  const byWindow = new Map(windows.map((w, i) => [w, totals[i]!]));
  return METRIC_KEYS.map((metric) => {
    const minSamples = thresholds.find((t) => t.metric === metric)?.minSamples ?? METRICS[metric].defaultMinSamples;
    return readMetric(metric, byWindow.get(METRICS[metric].windowSeconds)!, minSamples, now, newest as Date | null);
  });
}

export async function guardStatus(): Promise<GuardStatusDto> {
  const settings = healthSettings();
  const state = await db().guardState.findUnique({ where: { id: 1 } });
  const last = state?.lastAutoRollbackAt ?? null;
  return {
    consecutiveRequired: settings.consecutiveRequired,
    cooldownSeconds: settings.cooldownSeconds,
    intervalMs: settings.guardIntervalMs,
    lastEvaluatedAt: state?.lastEvaluatedAt?.toISOString() ?? null,
    lastAutoRollbackAt: last?.toISOString() ?? null,
    cooldownUntil: last ? new Date(last.getTime() + settings.cooldownSeconds * 1000).toISOString() : null,
    frozen:
      state?.frozenAt && state.frozenReason
        ? { at: state.frozenAt.toISOString(), reason: state.frozenReason, evidence: state.frozenEvidence }
        : null,
  };
}

/** The Overview's tiles: each metric's reading, verdict, threshold and consecutive count; stale reporters. */
export async function getHealthNow(): Promise<HealthNowDto> {
  const now = clockNow();
  const thresholds = await listThresholds();
  const [readings, lastReports, guard, state] = await Promise.all([
    readCurrentMetrics(now, thresholds),
    nodeLastReports(now),
    guardStatus(),
    db().guardState.findUnique({ where: { id: 1 }, select: { consecutive: true } }),
  ]);
  const consecutive = (state?.consecutive ?? {}) as Partial<Record<MetricKey, number>>;
  const rules = toRules(thresholds);
  return {
    now: now.toISOString(),
    simulated: simulatedTelemetry(),
    tiles: readings.map((reading) => {
      const threshold = thresholds.find((t) => t.metric === reading.metric) ?? null;
      return {
        metric: reading.metric,
        unit: METRICS[reading.metric].unit,
        formula: METRICS[reading.metric].formula,
        reading,
        verdict: judge(
          reading,
          rules.find((r) => r.metric === reading.metric),
        ),
        threshold,
        consecutive: consecutive[reading.metric] ?? 0,
      };
    }),
    stale: staleReporters(lastReports, now),
    guard,
  };
}

/** An admin sets a metric's threshold (or adds one, e.g. on average_response_time); audited with the reason. */
export async function updateThreshold(
  metric: MetricKey,
  input: ThresholdUpdate,
  actor: AuditActor,
  requestId: string,
): Promise<ThresholdDto> {
  return commitChange({ actor, requestId }, async (tx, emit) => {
    const before = await tx.threshold.findUnique({ where: { metric } });
    const data = {
      comparison: input.comparison,
      value: input.value,
      enabled: input.enabled,
      minSamples: input.minSamples,
      unit: METRICS[metric].unit,
      updatedAt: new Date(),
    };
    const row = await tx.threshold.upsert({ where: { metric }, create: { metric, ...data }, update: data });
    const shape = (t: Threshold | null) =>
      t && { comparison: t.comparison, value: t.value, enabled: t.enabled, minSamples: t.minSamples };
    await emit(
      "threshold.changed",
      { metric },
      { target: { type: "threshold", id: metric }, before: shape(before), after: shape(row), reason: input.reason },
    );
    return toThresholdDto(row);
  });
}
