// Storage of the evaluation sample: one upsert per batch, then each touched flag trimmed to its newest ids.
// Raw SQL on purpose: a batch is a few thousand rows, written every few seconds from the evaluation process.
// One caller's odd id must never cost everyone else's: unstorable keys are filtered out, duplicates merged, and a
// batch that fails for any reason but an outage is split in halves until the bad rows are alone.
import { db } from "../db/client";
import { isDatabaseUnavailable } from "../db/unavailable";
import { processSingleton } from "../process-singleton";
import {
  KEEP_PER_FLAG,
  createEvaluationSampler,
  isStorableTargetKey,
  uniqueRows,
  type EvaluationSampler,
  type SampledId,
} from "./evaluation-sample";

export async function saveEvaluatedIds(rows: SampledId[]): Promise<void> {
  const storable = uniqueRows(rows.filter((row) => isStorableTargetKey(row.targetKey)));
  const rejected = await writeSplittingOnFailure(storable);
  if (rejected.length) {
    throw new Error(`${rejected.length} evaluated id(s) could not be stored (${String(rejected[0])})`);
  }
}

async function writeSplittingOnFailure(rows: SampledId[]): Promise<unknown[]> {
  if (rows.length === 0) return [];
  try {
    await writeBatch(rows);
    return [];
  } catch (error) {
    if (rows.length === 1 || isDatabaseUnavailable(error)) return [error];
    const middle = rows.length >> 1;
    return [
      ...(await writeSplittingOnFailure(rows.slice(0, middle))),
      ...(await writeSplittingOnFailure(rows.slice(middle))),
    ];
  }
}

async function writeBatch(rows: SampledId[]): Promise<void> {
  const flags = [...new Set(rows.map((r) => r.flagKey))];
  await db().$transaction([
    db().$executeRaw`
      INSERT INTO evaluated_ids (flag_key, target_key, id_type, last_seen_at)
      SELECT * FROM unnest(${rows.map((r) => r.flagKey)}::text[], ${rows.map((r) => r.targetKey)}::text[],
                           ${rows.map((r) => r.idType)}::text[], ${rows.map((r) => r.lastSeenAt)}::timestamptz[])
      ON CONFLICT (flag_key, target_key, id_type) DO UPDATE SET last_seen_at = GREATEST(evaluated_ids.last_seen_at, EXCLUDED.last_seen_at)`,
    db().$executeRaw`
      DELETE FROM evaluated_ids e USING (
        SELECT flag_key, target_key, id_type,
               row_number() OVER (PARTITION BY flag_key ORDER BY last_seen_at DESC, target_key) AS rank
        FROM evaluated_ids WHERE flag_key = ANY(${flags}::text[])
      ) ranked
      WHERE e.flag_key = ranked.flag_key AND e.target_key = ranked.target_key AND e.id_type = ranked.id_type
        AND ranked.rank > ${KEEP_PER_FLAG}`,
  ]);
}

/** The process's sampler; evaluation paths call record(), which never waits on the database. */
export function evaluatedIdsSampler(): EvaluationSampler {
  return processSingleton("evaluation-sampler", () =>
    createEvaluationSampler({ write: saveEvaluatedIds, log: (message) => console.error(`phasegate: ${message}`) }),
  );
}
