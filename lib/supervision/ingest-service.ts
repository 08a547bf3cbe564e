// Stores what reporters send: snapshots (the latest few per node), restart events (idempotent per reporter event
// id), and which flag set each node's flag client holds. Telemetry, not operator state: plain inserts, never
// audited; a tiny NOTIFY tells open pages to refresh.
import "server-only";
import { db } from "../db/client";
import { notifyInTransaction } from "../db/notify";
import { makeEvent } from "../events/vocabulary";
import type { FlagSync, RestartBatch } from "./restart-input";
import type { SnapshotInput } from "./snapshot-input";
import { diffTrees, pathsOf, type PathPids } from "./tree";

/** Snapshots kept per node: the page shows the latest and its diff, computed on arrival against the one before. */
export const SNAPSHOTS_KEPT_PER_NODE = 5;
/** Restart events older than this are pruned when snapshots arrive. */
export const RESTART_RETENTION_DAYS = 7;

export type SnapshotReceipt = {
  id: string;
  processCount: number;
  diff: { added: number; removed: number; restarted: number };
};

export async function storeSnapshot(input: SnapshotInput): Promise<SnapshotReceipt> {
  const prisma = db();
  const previousRows = await prisma.$queryRaw<{ pid: string[]; parent: number[]; id: string[] }[]>`
    SELECT processes->'pid' AS pid, processes->'parent' AS parent, processes->'id' AS id
    FROM supervision_snapshots WHERE node = ${input.node} AND taken_at < ${input.takenAt}
    ORDER BY taken_at DESC LIMIT 1`;
  const previous: PathPids | undefined = previousRows[0]
    ? { pids: previousRows[0].pid, paths: pathsOf(previousRows[0] as never) }
    : undefined;
  const diff = diffTrees(previous, { pids: input.processes.pid, paths: pathsOf(input.processes) });
  // The tree goes in as one JSON text cast to jsonb: for 100,000 processes that is one parameter, not 100,000 rows.
  const processesJson = JSON.stringify(input.processes);
  const count = input.processes.pid.length;
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO supervision_snapshots (node, taken_at, duration_ms, process_count, processes, diff)
      VALUES (${input.node}, ${input.takenAt}, ${input.durationMs}, ${count}, ${processesJson}::jsonb,
              ${JSON.stringify(diff)}::jsonb)
      RETURNING id`;
    await tx.$executeRaw`
      DELETE FROM supervision_snapshots WHERE node = ${input.node} AND id NOT IN (
        SELECT id FROM supervision_snapshots WHERE node = ${input.node}
        ORDER BY taken_at DESC, id DESC LIMIT ${SNAPSHOTS_KEPT_PER_NODE})`;
    await tx.$executeRaw`
      DELETE FROM supervision_restarts WHERE at < now() - make_interval(days => ${RESTART_RETENTION_DAYS})`;
    await notifyInTransaction(tx, makeEvent("supervision.snapshot", { node: input.node }));
    return { id: String(row!.id), processCount: count, diff: diff.counts };
  });
}

export async function storeRestarts(batch: RestartBatch): Promise<{ accepted: number; duplicates: number }> {
  if (batch.restarts.length === 0) return { accepted: 0, duplicates: 0 };
  const r = batch.restarts;
  return db().$transaction(async (tx) => {
    // One statement for the whole batch; a retried event (same node and id) is skipped, not stored twice.
    const inserted = await tx.$executeRaw`
      INSERT INTO supervision_restarts (node, event_id, supervisor, child_id, reason, at)
      SELECT ${batch.node}, e.id, e.supervisor, e.child_id, e.reason, e.at
      FROM unnest(${r.map((x) => x.id)}::text[], ${r.map((x) => x.supervisor)}::text[],
                  ${r.map((x) => x.childId)}::text[], ${r.map((x) => x.reason)}::text[],
                  ${r.map((x) => x.at)}::timestamptz[]) AS e(id, supervisor, child_id, reason, at)
      ON CONFLICT (node, event_id) DO NOTHING`;
    if (inserted > 0)
      await notifyInTransaction(tx, makeEvent("supervision.restarted", { node: batch.node, count: inserted }));
    return { accepted: inserted, duplicates: r.length - inserted };
  });
}

/** Records the flag set a node holds; `heldSince` moves only when the node reports a different one. */
export async function storeFlagSync(sync: FlagSync, now = new Date()): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO flag_client_syncs (node, etag, held_since, reported_at)
      VALUES (${sync.node}, ${sync.etag}, ${now}, ${now})
      ON CONFLICT (node) DO UPDATE SET
        held_since = CASE WHEN flag_client_syncs.etag = EXCLUDED.etag THEN flag_client_syncs.held_since ELSE EXCLUDED.held_since END,
        etag = EXCLUDED.etag, reported_at = EXCLUDED.reported_at`;
    await notifyInTransaction(tx, makeEvent("node.flags_synced", { node: sync.node }));
  });
}
