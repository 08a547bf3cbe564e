// What the Supervision page reads: the nodes that reported, and for one node its latest tree with what changed,
// recent restarts, restarts per minute, headroom per supervisor and the heaviest queues.
import "server-only";
import { db } from "../db/client";
import { AppError } from "../http/errors";
import type { NodeSummary, NodeViewMeta, RestartView } from "./serializers";
import type { ProcessColumns } from "./snapshot-input";
import { headrooms, heaviestQueues, restartSeries, type RestartAt, type TreeDiff } from "./tree";

/** How far back restarts are read for the chart, colours and headroom (a supervisor's period is rarely longer). */
const RECENT_MINUTES = 60;
const RECENT_LIMIT = 20_000;
const LATEST_RESTARTS = 50;

export async function listNodes(): Promise<NodeSummary[]> {
  const rows = await db().$queryRaw<
    { node: string; taken_at: Date; process_count: number; restarts_last_hour: bigint | null }[]
  >`
    SELECT s.node, s.taken_at, s.process_count,
           (SELECT count(*) FROM supervision_restarts r
             WHERE r.node = s.node AND r.at > now() - make_interval(mins => ${RECENT_MINUTES})) AS restarts_last_hour
    FROM (SELECT DISTINCT ON (node) node, taken_at, process_count FROM supervision_snapshots
          ORDER BY node, taken_at DESC) s
    ORDER BY s.node`;
  return rows.map((r) => ({
    node: r.node,
    takenAt: r.taken_at.toISOString(),
    processCount: r.process_count,
    restartsLastHour: Number(r.restarts_last_hour ?? 0),
  }));
}

/** The node's view as JSON text: the stored tree is spliced in as it is, never parsed and re-serialised twice. */
export async function nodeViewJson(node: string, now = new Date()): Promise<string> {
  const prisma = db();
  const [snapshot] = await prisma.$queryRaw<
    { id: bigint; taken_at: Date; duration_ms: number; process_count: number; processes: string; diff: TreeDiff }[]
  >`
    SELECT id, taken_at, duration_ms, process_count, processes::text AS processes, diff
    FROM supervision_snapshots WHERE node = ${node} ORDER BY taken_at DESC, id DESC LIMIT 1`;
  if (!snapshot) throw new AppError("not_found", `No supervision snapshot from node ${node}.`);
  const recent = await prisma.$queryRaw<{ supervisor: string; child_id: string; reason: string; at: Date }[]>`
    SELECT supervisor, child_id, reason, at FROM supervision_restarts
    WHERE node = ${node} AND at > ${new Date(now.getTime() - RECENT_MINUTES * 60_000)}
    ORDER BY at DESC LIMIT ${RECENT_LIMIT}`;
  const columns = JSON.parse(snapshot.processes) as ProcessColumns;
  const restarts: RestartAt[] = recent.map((r) => ({ supervisor: r.supervisor, at: r.at }));
  const recentBySupervisor: Record<string, number> = {};
  for (const r of recent) recentBySupervisor[r.supervisor] = (recentBySupervisor[r.supervisor] ?? 0) + 1;
  const latest: RestartView[] = recent.slice(0, LATEST_RESTARTS).map((r) => ({
    supervisor: r.supervisor,
    childId: r.child_id,
    reason: r.reason,
    at: r.at.toISOString(),
  }));
  const meta: NodeViewMeta = {
    node,
    snapshot: {
      id: String(snapshot.id),
      takenAt: snapshot.taken_at.toISOString(),
      durationMs: snapshot.duration_ms,
      processCount: snapshot.process_count,
    },
    diff: snapshot.diff,
    latestRestarts: latest,
    recentBySupervisor,
    headroom: headrooms(columns, restarts, now),
    series: restartSeries(restarts, now, RECENT_MINUTES),
    heaviestQueues: heaviestQueues(columns),
  };
  const head = JSON.stringify(meta);
  return `${head.slice(0, -1)},"tree":${snapshot.processes}}`;
}
