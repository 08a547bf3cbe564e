// Stores interval reports: one SQL statement inserts the batch (duplicates of (node, intervalStart) skipped: the
// first report stands), and adds exactly the inserted rows to the per-minute rollups. One statement, so a batch is
// stored whole or not at all. Raw SQL on purpose: the hot path (docs/BENCHMARKS.md), one round trip per batch.
import "server-only";
import { db, type Transaction } from "../db/client";
import type { IntervalRow } from "./ingest";
import { ensurePartitions } from "./partition-store";

const INSERT = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    node text, "intervalStart" timestamptz, "intervalSeconds" int, requests bigint, errors bigint,
    "errorCodes" jsonb, sent bigint, delivered bigint, attempted bigint, succeeded bigint,
    "responseSumMs" double precision, "responseCount" bigint, "responseBuckets" jsonb, restarts bigint, cohorts jsonb)
), inserted AS (
  INSERT INTO interval_reports (interval_start, node, interval_seconds, requests, errors, messages_sent,
    messages_delivered, recoveries_attempted, recoveries_succeeded, response_sum_ms, response_count, restarts,
    error_codes, response_buckets, cohorts)
  SELECT "intervalStart", node, "intervalSeconds", requests, errors, sent, delivered, attempted, succeeded,
    "responseSumMs", "responseCount", restarts, "errorCodes", "responseBuckets", cohorts FROM input
  ON CONFLICT (interval_start, node) DO NOTHING
  RETURNING interval_start, node, requests, errors, messages_sent, messages_delivered, recoveries_attempted,
    recoveries_succeeded, response_sum_ms, response_count, restarts, error_codes
), minutes AS (
  INSERT INTO health_minutes AS m (minute, reports, requests, errors, messages_sent, messages_delivered,
    recoveries_attempted, recoveries_succeeded, response_sum_ms, response_count, restarts)
  SELECT date_trunc('minute', interval_start), count(*), sum(requests), sum(errors), sum(messages_sent),
    sum(messages_delivered), sum(recoveries_attempted), sum(recoveries_succeeded), sum(response_sum_ms),
    sum(response_count), sum(restarts)
  FROM inserted GROUP BY 1 ORDER BY 1
  ON CONFLICT (minute) DO UPDATE SET reports = m.reports + excluded.reports, requests = m.requests + excluded.requests,
    errors = m.errors + excluded.errors, messages_sent = m.messages_sent + excluded.messages_sent,
    messages_delivered = m.messages_delivered + excluded.messages_delivered,
    recoveries_attempted = m.recoveries_attempted + excluded.recoveries_attempted,
    recoveries_succeeded = m.recoveries_succeeded + excluded.recoveries_succeeded,
    response_sum_ms = m.response_sum_ms + excluded.response_sum_ms,
    response_count = m.response_count + excluded.response_count, restarts = m.restarts + excluded.restarts
), codes AS (
  INSERT INTO error_minutes AS e (minute, category, code, count)
  SELECT date_trunc('minute', i.interval_start), c.category, c.code, sum(c.count)
  FROM inserted i CROSS JOIN LATERAL jsonb_to_recordset(i.error_codes) AS c(category text, code text, count bigint)
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (minute, category, code) DO UPDATE SET count = e.count + excluded.count
)
SELECT count(*)::int AS accepted,
  jsonb_agg(jsonb_build_array(node, interval_start)) FILTER (WHERE $2::boolean) AS keys FROM inserted`;

export type IngestResult = { accepted: number; duplicates: number };

/** Runs in the transaction that inserted the reports, given the (node, interval start) of exactly the new ones. */
export type AfterInsert = (tx: Transaction, inserted: { node: string; intervalStart: Date }[]) => Promise<void>;

export async function storeIntervalReports(
  rows: IntervalRow[],
  now: Date,
  retentionDays: number,
  afterInsert?: AfterInsert,
): Promise<IngestResult> {
  const payload = JSON.stringify(rows);
  type Inserted = { accepted: number; keys: [string, string][] | null };
  const insert = async () =>
    afterInsert
      ? db().$transaction(
          async (tx) => {
            const { accepted, keys } = (await tx.$queryRawUnsafe<Inserted[]>(INSERT, payload, true))[0]!;
            await afterInsert(
              tx,
              (keys ?? []).map(([node, start]) => ({ node, intervalStart: new Date(start) })),
            );
            return accepted;
          },
          { timeout: 30_000 },
        )
      : (await db().$queryRawUnsafe<Inserted[]>(INSERT, payload, false))[0]!.accepted;
  // A database outage surfaces as a 503 with Retry-After (lib/http/problem.ts); the one statement left nothing behind.
  let accepted: number;
  try {
    accepted = await insert();
  } catch (error) {
    if (!/no partition of relation/i.test(String((error as Error)?.message))) throw error;
    await ensurePartitions(now, retentionDays);
    accepted = await insert();
  }
  return { accepted, duplicates: rows.length - accepted };
}
