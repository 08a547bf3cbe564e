// The Health page's data for one range: metric series from the per-minute rollups, markers for phase changes,
// rollbacks and flag changes from the audit trail, errors by code, and the per-node breakdown of the last 5 minutes.
import "server-only";
import { now as clockNow } from "../clock";
import { db } from "../db/client";
import { bucketValues, RANGES } from "./charts";
import { errorSeries, nodeTotals, seriesTotals } from "./metrics-store";
import type { HealthRange } from "./schemas";
import type { HealthChartsDto } from "./serializers";
import { listThresholds } from "./service";

const MARKER_ACTIONS = [
  "phase.advanced",
  "phase.rolled_back",
  "rollout.emergency_rollback",
  "rollout.auto_rollback",
  "flag.changed",
];
const TOP_CODES = 8;

function markerLabel(action: string, targetId: string | null): string {
  const target = targetId ?? "";
  switch (action) {
    case "flag.changed":
      return `flag ${target}`;
    case "rollout.auto_rollback":
      return `automatic rollback to ${target.replace("phase:", "phase ")}`;
    case "rollout.emergency_rollback":
      return "emergency rollback";
    case "phase.rolled_back":
      return `rolled back to ${target.replace("phase:", "phase ")}`;
    default:
      return `entered ${target.replace("phase:", "phase ")}`;
  }
}

export async function getHealthCharts(range: HealthRange): Promise<HealthChartsDto> {
  const { seconds, bucketSeconds } = RANGES[range];
  const to = clockNow();
  const from = new Date(to.getTime() - seconds * 1000);
  const [series, errors, markers, nodes, thresholds] = await Promise.all([
    seriesTotals(from, to, bucketSeconds),
    errorSeries(from, to, bucketSeconds),
    db().auditEvent.findMany({
      where: { action: { in: MARKER_ACTIONS }, at: { gte: from, lt: to } },
      orderBy: { at: "asc" },
      take: 200,
      select: { at: true, action: true, targetId: true },
    }),
    nodeTotals(new Date(to.getTime() - 300_000), to),
    listThresholds(),
  ]);
  const codes = new Map<
    string,
    { code: string; category: string; total: number; points: { at: string; count: number }[] }
  >();
  for (const e of errors) {
    const entry = codes.get(e.code) ?? { code: e.code, category: e.category, total: 0, points: [] };
    entry.total += e.count;
    entry.points.push({ at: e.at.toISOString(), count: e.count });
    codes.set(e.code, entry);
  }
  return {
    range,
    from: from.toISOString(),
    to: to.toISOString(),
    bucketSeconds,
    points: series.map(({ at, ...totals }) => ({ at: at.toISOString(), ...bucketValues(totals, bucketSeconds) })),
    markers: markers.map((m) => ({
      at: m.at.toISOString(),
      action: m.action,
      label: markerLabel(m.action, m.targetId),
    })),
    errorsByCode: [...codes.values()].sort((a, b) => b.total - a.total).slice(0, TOP_CODES),
    nodes: nodes.map(({ node, ...totals }) => ({ node, reports: totals.reports, readings: bucketValues(totals, 300) })),
    thresholds,
  };
}
