// Storage of the evaluation sample: one upsert per batch, then each touched flag trimmed to its newest ids.
// Raw SQL on purpose: a batch is a few thousand rows, written every few seconds from the evaluation process.
import { db } from "../db/client";
import { processSingleton } from "../process-singleton";
import { KEEP_PER_FLAG, createEvaluationSampler, type EvaluationSampler, type SampledId } from "./evaluation-sample";

export async function saveEvaluatedIds(rows: SampledId[]): Promise<void> {
  if (rows.length === 0) return;
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
