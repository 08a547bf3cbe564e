// Which flag set each node's Erlang flag client holds (reported by the clients), against the set Phasegate serves
// now: converged or not per node, and how long the slowest converged node took after the last flag change.
import "server-only";
import { db } from "../db/client";
import type { FlagClientsDto } from "./serializers";
import { getFlagSnapshot } from "./snapshot-store";

export async function flagClientSyncs(): Promise<FlagClientsDto> {
  const [snapshot, rows, [published]] = await Promise.all([
    getFlagSnapshot(),
    db().$queryRaw<{ node: string; etag: string; held_since: Date; reported_at: Date }[]>`
      SELECT node, etag, held_since, reported_at FROM flag_client_syncs ORDER BY node`,
    db().$queryRaw<{ at: Date | null }[]>`SELECT max(updated_at) AS at FROM flags`,
  ]);
  const publishedAt = published?.at ?? null;
  const nodes = rows.map((r) => {
    const converged = r.etag === snapshot.etag;
    const tookMs = converged && publishedAt ? Math.max(0, r.held_since.getTime() - publishedAt.getTime()) : null;
    return {
      node: r.node,
      etag: r.etag,
      converged,
      heldSince: r.held_since.toISOString(),
      reportedAt: r.reported_at.toISOString(),
      tookMs,
    };
  });
  const took = nodes.flatMap((n) => (n.tookMs === null ? [] : [n.tookMs]));
  return {
    etag: snapshot.etag,
    publishedAt: publishedAt?.toISOString() ?? null,
    nodes,
    slowestMs: took.length ? Math.max(...took) : null,
  };
}
