// Cohort rollups: the counters of each flag's "on" (canary) and "off" (control) cohort per minute, kept in
// cohort_minutes by the transaction that inserts the interval reports (lib/health/ingest-store.ts runs the hook with
// the keys of exactly the newly inserted reports, so a retried report is never counted twice), and summed over a
// phase for the judge. Raw SQL: one statement per batch on the ingest hot path.
import "server-only";
import { db } from "../db/client";
import { emptyTotals } from "./totals";
import type { CohortRow, CohortTotals, ResponseBucket } from "./types";

type MinuteRollup = {
  minute: string;
  flag: string;
  variant: "on" | "off";
  reports: number;
  requests: number;
  errors: number;
  sent: number;
  delivered: number;
  attempted: number;
  succeeded: number;
  responseSumMs: number;
  responseCount: number;
  restarts: number;
  /** {"<leMs>" | "inf": count} */
  buckets: Record<string, number>;
  bucketedCount: number;
};

const UPSERT = `
INSERT INTO cohort_minutes AS m (minute, flag, variant, reports, requests, errors, messages_sent, messages_delivered,
  recoveries_attempted, recoveries_succeeded, response_sum_ms, response_count, restarts, response_buckets,
  bucketed_count)
SELECT minute, flag, variant, reports, requests, errors, sent, delivered, attempted, succeeded, "responseSumMs",
  "responseCount", restarts, buckets, "bucketedCount"
FROM jsonb_to_recordset($1::jsonb) AS x(minute timestamptz, flag text, variant text, reports bigint, requests bigint,
  errors bigint, sent bigint, delivered bigint, attempted bigint, succeeded bigint, "responseSumMs" double precision,
  "responseCount" bigint, restarts bigint, buckets jsonb, "bucketedCount" bigint)
ON CONFLICT (flag, minute, variant) DO UPDATE SET reports = m.reports + excluded.reports,
  requests = m.requests + excluded.requests, errors = m.errors + excluded.errors,
  messages_sent = m.messages_sent + excluded.messages_sent,
  messages_delivered = m.messages_delivered + excluded.messages_delivered,
  recoveries_attempted = m.recoveries_attempted + excluded.recoveries_attempted,
  recoveries_succeeded = m.recoveries_succeeded + excluded.recoveries_succeeded,
  response_sum_ms = m.response_sum_ms + excluded.response_sum_ms,
  response_count = m.response_count + excluded.response_count, restarts = m.restarts + excluded.restarts,
  response_buckets = phasegate_histogram_add(m.response_buckets, excluded.response_buckets),
  bucketed_count = m.bucketed_count + excluded.bucketed_count`;

const bucketKey = (leMs: number | null) => (leMs === null ? "inf" : String(leMs));

function add(into: MinuteRollup, c: CohortRow) {
  into.reports += 1;
  into.requests += c.requests;
  into.errors += c.errors;
  into.sent += c.sent;
  into.delivered += c.delivered;
  into.attempted += c.attempted;
  into.succeeded += c.succeeded;
  into.responseSumMs += c.responseSumMs;
  into.responseCount += c.responseCount;
  into.restarts += c.restarts;
  if (c.responseBuckets) {
    for (const b of c.responseBuckets)
      into.buckets[bucketKey(b.leMs)] = (into.buckets[bucketKey(b.leMs)] ?? 0) + b.count;
    into.bucketedCount += c.responseCount;
  }
}

/** What the rollup needs of an ingested report (lib/health/ingest.ts IntervalRow has it). */
export type ReportCohorts = { node: string; intervalStart: string; cohorts: CohortRow[] | null };

/** The ingest store's afterInsert hook (lib/health/ingest-store.ts): in its transaction, given the new reports. */
type CohortHook = (
  tx: { query(sql: string, values: unknown[]): Promise<unknown> },
  inserted: { node: string; intervalStart: Date }[],
) => Promise<void>;

/** Sums the cohorts of the inserted reports per (minute, flag, variant); pure, exported for the benchmark. */
export function rollUpCohorts(rows: readonly ReportCohorts[], inserted: { node: string; intervalStart: Date }[]) {
  // A key is consumed by its first report: a batch repeating a report inserts it once (ON CONFLICT DO NOTHING).
  const fresh = new Set(inserted.map((k) => `${k.node}\u0000${k.intervalStart.getTime()}`));
  const rollups = new Map<string, MinuteRollup>();
  for (const row of rows) {
    if (!row.cohorts?.length) continue;
    const startMs = Date.parse(row.intervalStart);
    const key = `${row.node}\u0000${startMs}`;
    if (!fresh.delete(key)) continue;
    const minute = new Date(Math.floor(startMs / 60_000) * 60_000).toISOString();
    for (const c of row.cohorts) {
      const id = `${c.flag}\u0000${minute}\u0000${c.variant}`;
      let into = rollups.get(id);
      if (!into) {
        into = {
          minute,
          flag: c.flag,
          variant: c.variant,
          reports: 0,
          requests: 0,
          errors: 0,
          sent: 0,
          delivered: 0,
          attempted: 0,
          succeeded: 0,
          responseSumMs: 0,
          responseCount: 0,
          restarts: 0,
          buckets: {},
          bucketedCount: 0,
        };
        rollups.set(id, into);
      }
      add(into, c);
    }
  }
  // One order for every writer, so concurrent batches lock rollup rows in the same order (no deadlocks).
  return [...rollups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** The ingest hook for a batch, or undefined when no report carries cohorts (the batch then stores as before). */
export function cohortRollup(rows: readonly ReportCohorts[]): CohortHook | undefined {
  if (!rows.some((r) => r.cohorts?.length)) return undefined;
  return async (tx, inserted) => {
    const rollups = rollUpCohorts(rows, inserted);
    if (rollups.length) await tx.query(UPSERT, [JSON.stringify(rollups)]);
  };
}

type TotalsRow = {
  variant: "on" | "off";
  requests: number;
  errors: number;
  sent: number;
  delivered: number;
  attempted: number;
  succeeded: number;
  response_sum_ms: number;
  response_count: number;
  restarts: number;
  buckets: Record<string, number>;
  bucketed: number;
};

const TOTALS_COLUMNS = `variant, sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
  sum(messages_sent)::float8 AS sent, sum(messages_delivered)::float8 AS delivered,
  sum(recoveries_attempted)::float8 AS attempted, sum(recoveries_succeeded)::float8 AS succeeded,
  sum(response_sum_ms)::float8 AS response_sum_ms, sum(response_count)::float8 AS response_count,
  sum(restarts)::float8 AS restarts, phasegate_histogram_sum(response_buckets) AS buckets,
  sum(bucketed_count)::float8 AS bucketed`;

function toTotals(r: TotalsRow | undefined): CohortTotals {
  if (!r) return emptyTotals();
  // The histogram stands for the cohort only when every response in it was bucketed.
  const complete = r.bucketed > 0 && r.bucketed === r.response_count;
  const buckets: ResponseBucket[] | null = complete
    ? Object.entries(r.buckets)
        .map(([k, count]) => ({ leMs: k === "inf" ? null : Number(k), count: Number(count) }))
        .sort((a, b) => (a.leMs ?? Infinity) - (b.leMs ?? Infinity))
    : null;
  return {
    requests: r.requests,
    errors: r.errors,
    messagesSent: r.sent,
    messagesDelivered: r.delivered,
    recoveriesAttempted: r.attempted,
    recoveriesSucceeded: r.succeeded,
    restarts: r.restarts,
    responseCount: r.response_count,
    responseSumMs: r.response_sum_ms,
    responseBuckets: buckets,
  };
}

export type CohortPair = { canary: CohortTotals; control: CohortTotals };

/** Whole minutes from the first minute starting at or after `since`, so nothing reported before it is counted. */
const firstWholeMinute = (since: Date) => new Date(Math.ceil(since.getTime() / 60_000) * 60_000);

/** A flag's canary ("on") and control ("off") totals over [since, until], from the rollups. */
export async function cohortTotals(flag: string, since: Date, until: Date): Promise<CohortPair> {
  const rows = await db().$queryRawUnsafe<TotalsRow[]>(
    `SELECT ${TOTALS_COLUMNS} FROM cohort_minutes WHERE flag = $1 AND minute >= $2 AND minute <= $3 GROUP BY variant`,
    flag,
    firstWholeMinute(since),
    until,
  );
  return {
    canary: toTotals(rows.find((r) => r.variant === "on")),
    control: toTotals(rows.find((r) => r.variant === "off")),
  };
}

/** The same totals summed from the raw interval reports (the benchmark's baseline, and a cross-check in tests). */
export async function cohortTotalsFromRaw(flag: string, since: Date, until: Date): Promise<CohortPair> {
  const rows = await db().$queryRawUnsafe<Omit<TotalsRow, "buckets" | "bucketed">[]>(
    `SELECT c.variant, sum(c.requests)::float8 AS requests, sum(c.errors)::float8 AS errors,
       sum(c.sent)::float8 AS sent, sum(c.delivered)::float8 AS delivered, sum(c.attempted)::float8 AS attempted,
       sum(c.succeeded)::float8 AS succeeded, sum(c."responseSumMs")::float8 AS response_sum_ms,
       sum(c."responseCount")::float8 AS response_count, sum(c.restarts)::float8 AS restarts
     FROM interval_reports r CROSS JOIN LATERAL jsonb_to_recordset(r.cohorts) AS c(flag text, variant text,
       requests bigint, errors bigint, sent bigint, delivered bigint, attempted bigint, succeeded bigint,
       "responseSumMs" double precision, "responseCount" bigint, restarts bigint)
     WHERE r.cohorts IS NOT NULL AND r.interval_start >= $2 AND r.interval_start < $3 AND c.flag = $1
     GROUP BY c.variant`,
    flag,
    firstWholeMinute(since),
    new Date(Math.floor(until.getTime() / 60_000) * 60_000 + 60_000),
  );
  const full = (r: (typeof rows)[number] | undefined) => r && { ...r, buckets: {}, bucketed: 0 };
  return {
    canary: toTotals(full(rows.find((r) => r.variant === "on"))),
    control: toTotals(full(rows.find((r) => r.variant === "off"))),
  };
}

export type CohortMinuteRow = { minute: Date; variant: "on" | "off" } & Omit<TotalsRow, "variant">;

/** Per-minute rollups of a flag over [since, until], for the chart's cumulative series. */
export async function cohortMinutes(flag: string, since: Date, until: Date): Promise<CohortMinuteRow[]> {
  return db().$queryRawUnsafe<CohortMinuteRow[]>(
    `SELECT minute, ${TOTALS_COLUMNS} FROM cohort_minutes WHERE flag = $1 AND minute >= $2 AND minute <= $3
     GROUP BY minute, variant ORDER BY minute`,
    flag,
    firstWholeMinute(since),
    until,
  );
}

export { toTotals as cohortTotalsOf };
