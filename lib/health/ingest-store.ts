// Stores interval reports in one transaction: COPY the batch into a session-local staging table, then one statement
// inserts it (duplicates of (node, intervalStart) skipped: the first report stands) and adds exactly the inserted
// rows to the per-minute rollups. A batch is stored whole or not at all. COPY and raw SQL on purpose: the hot path
// (docs/BENCHMARKS.md, "ingestion throughput"); COPY moves rows at a fraction of the cost of a parameter or jsonb.
import "server-only";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { pgPool } from "../db/client";
import type { IntervalRow } from "./ingest";
import { ensurePartitions } from "./partition-store";

/** The connection of the ingest transaction, for work that must commit or fail with the stored reports. */
export type IngestTransaction = pg.PoolClient;
/** The keys of the reports this batch actually stored (duplicates left out; the hook runs even when that is none). */
export type InsertedReport = { node: string; intervalStart: Date };
export type AfterInsert = (tx: IngestTransaction, inserted: InsertedReport[]) => Promise<void>;

const COLUMNS = `interval_start, node, interval_seconds, requests, errors, messages_sent, messages_delivered,
  recoveries_attempted, recoveries_succeeded, response_sum_ms, response_count, restarts, error_codes,
  response_buckets, cohorts`;

// Temporary, so each connection has its own and nothing is WAL-logged; rows vanish at commit or rollback.
const STAGING = `CREATE TEMP TABLE IF NOT EXISTS ingest_staging (ord serial, interval_start timestamptz, node text,
  interval_seconds int, requests bigint, errors bigint, messages_sent bigint, messages_delivered bigint,
  recoveries_attempted bigint, recoveries_succeeded bigint, response_sum_ms double precision, response_count bigint,
  restarts bigint, error_codes jsonb, response_buckets jsonb, cohorts jsonb) ON COMMIT DELETE ROWS`;

const INSERT = (returnKeys: boolean) => `
WITH inserted AS (
  INSERT INTO interval_reports (${COLUMNS})
  SELECT ${COLUMNS} FROM ingest_staging ORDER BY ord
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
${returnKeys ? "SELECT node, interval_start AS at FROM inserted" : "SELECT count(*)::int AS accepted FROM inserted"}`;

const INSERT_COUNT = INSERT(false);
const INSERT_KEYS = INSERT(true);

export type IngestResult = { accepted: number; duplicates: number };

/** Connections that already hold the staging table (it lives as long as the connection). */
const staged = new WeakSet<pg.PoolClient>();

export async function storeIntervalReports(
  rows: IntervalRow[],
  now: Date,
  retentionDays: number,
  afterInsert?: AfterInsert,
): Promise<IngestResult> {
  // A database outage surfaces as a 503 with Retry-After (lib/http/problem.ts); the transaction left nothing behind.
  let accepted: number;
  try {
    accepted = await inTransaction(rows, afterInsert);
  } catch (error) {
    if (!/no partition of relation/i.test(String((error as Error)?.message))) throw error;
    await ensurePartitions(now, retentionDays);
    accepted = await inTransaction(rows, afterInsert);
  }
  return { accepted, duplicates: rows.length - accepted };
}

async function inTransaction(rows: IntervalRow[], afterInsert: AfterInsert | undefined): Promise<number> {
  const client = await pgPool().connect();
  let broken: Error | undefined;
  try {
    if (!staged.has(client)) {
      await client.query(STAGING);
      staged.add(client);
    }
    await client.query("BEGIN");
    try {
      await pipeline(
        Readable.from(copyLines(rows)),
        client.query(copyFrom(`COPY ingest_staging (${COLUMNS}) FROM STDIN`)),
      );
      let accepted: number;
      if (afterInsert) {
        const { rows: keys } = await client.query<{ node: string; at: Date }>(INSERT_KEYS);
        accepted = keys.length;
        await afterInsert(
          client,
          keys.map((k) => ({ node: k.node, intervalStart: k.at })),
        );
      } else {
        accepted = (await client.query<{ accepted: number }>(INSERT_COUNT)).rows[0]!.accepted;
      }
      await client.query("COMMIT");
      return accepted;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackFailed: unknown) => {
        broken = rollbackFailed as Error;
      });
      throw error;
    }
  } finally {
    // A connection whose ROLLBACK failed is in an unknown state: the pool discards it.
    client.release(broken);
  }
}

/** The rows in COPY's text format, in chunks of about 64 KB. */
function* copyLines(rows: IntervalRow[]): Generator<string> {
  let chunk = "";
  for (const r of rows) {
    chunk +=
      `${r.intervalStart}\t${text(r.node)}\t${r.intervalSeconds}\t${r.requests}\t${r.errors}\t${r.sent}\t` +
      `${r.delivered}\t${r.attempted}\t${r.succeeded}\t${r.responseSumMs}\t${r.responseCount}\t${r.restarts}\t` +
      `${json(r.errorCodes)}\t${json(r.responseBuckets)}\t${json(r.cohorts)}\n`;
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

const json = (value: unknown) => (value == null ? "\\N" : text(JSON.stringify(value)));

/** COPY text format: backslash, tab, newline and carriage return are escaped. */
const text = (s: string) => (/[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s);
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
