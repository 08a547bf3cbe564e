// Reads for the health views and the guard. Every query names a time range: the window queries read the raw
// partitions of the last minutes only (partition pruning plus the primary key on interval_start), the charts read the
// per-minute rollups, so no query scans all history.
import "server-only";
import { db } from "../db/client";
import { EMPTY_TOTALS, type NodeLastReport, type WindowTotals } from "./readings";

type TotalsRow = { [K in keyof WindowTotals]: number | null };

const TOTALS = `count(*)::float8 AS reports, coalesce(sum(requests), 0)::float8 AS requests,
  coalesce(sum(errors), 0)::float8 AS errors, coalesce(sum(messages_sent), 0)::float8 AS sent,
  coalesce(sum(messages_delivered), 0)::float8 AS delivered, coalesce(sum(recoveries_attempted), 0)::float8 AS attempted,
  coalesce(sum(recoveries_succeeded), 0)::float8 AS succeeded, coalesce(sum(response_sum_ms), 0)::float8 AS "responseSumMs",
  coalesce(sum(response_count), 0)::float8 AS "responseCount", coalesce(sum(restarts), 0)::float8 AS restarts`;

const toTotals = (row: TotalsRow | undefined): WindowTotals =>
  row ? (Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v ?? 0)])) as WindowTotals) : EMPTY_TOTALS;

/** Totals of the reports whose interval starts in [from, to): the window rule of lib/health/metrics.ts. */
export async function windowTotals(from: Date, to: Date): Promise<WindowTotals> {
  const rows = await db().$queryRawUnsafe<TotalsRow[]>(
    `SELECT ${TOTALS} FROM interval_reports WHERE interval_start >= $1 AND interval_start < $2`,
    from,
    to,
  );
  return toTotals(rows[0]);
}

/** Totals for several windows ending at `to` in one scan of the longest: [from_i, to) for each i. */
export async function windowsTotals(froms: readonly Date[], to: Date): Promise<WindowTotals[]> {
  const earliest = new Date(Math.min(...froms.map((f) => f.getTime())));
  const parts = froms.map((_, i) => {
    const f = `FILTER (WHERE interval_start >= $${i + 3})`;
    return `count(*) ${f}::float8 AS reports_${i}, sum(requests) ${f}::float8 AS requests_${i}, sum(errors) ${f}::float8 AS errors_${i},
      sum(messages_sent) ${f}::float8 AS sent_${i}, sum(messages_delivered) ${f}::float8 AS delivered_${i},
      sum(recoveries_attempted) ${f}::float8 AS attempted_${i}, sum(recoveries_succeeded) ${f}::float8 AS succeeded_${i},
      sum(response_sum_ms) ${f}::float8 AS "responseSumMs_${i}", sum(response_count) ${f}::float8 AS "responseCount_${i}",
      sum(restarts) ${f}::float8 AS restarts_${i}`;
  });
  const rows = await db().$queryRawUnsafe<Record<string, number | null>[]>(
    `SELECT ${parts.join(", ")} FROM interval_reports WHERE interval_start >= $1 AND interval_start < $2`,
    earliest,
    to,
    ...froms,
  );
  const row = rows[0] ?? {};
  return froms.map((_, i) =>
    toTotals(Object.fromEntries(Object.keys(EMPTY_TOTALS).map((k) => [k, row[`${k}_${i}`] ?? null])) as TotalsRow),
  );
}

/** The newest interval start ever reported (raw partitions, else the rollups once the raw days are dropped). */
export async function newestReportAt(): Promise<Date | null> {
  const rows = await db().$queryRaw<{ at: Date | null }[]>`
    SELECT coalesce((SELECT max(interval_start) FROM interval_reports), (SELECT max(minute) FROM health_minutes)) AS at`;
  return rows[0]?.at ?? null;
}

/** Each node's newest report in the last 15 minutes (the stale-reporter list; longer silence reads as no data). */
export async function nodeLastReports(now: Date): Promise<NodeLastReport[]> {
  const rows = await db().$queryRaw<{ node: string; interval_start: Date; interval_seconds: number }[]>`
    SELECT DISTINCT ON (node) node, interval_start, interval_seconds FROM interval_reports
    WHERE interval_start >= ${new Date(now.getTime() - 900_000)} AND interval_start <= ${now}
    ORDER BY node, interval_start DESC`;
  return rows.map((r) => ({ node: r.node, intervalStart: r.interval_start, intervalSeconds: r.interval_seconds }));
}

/** Per node, totals over [from, to). */
export async function nodeTotals(from: Date, to: Date): Promise<(WindowTotals & { node: string })[]> {
  const rows = await db().$queryRawUnsafe<(TotalsRow & { node: string })[]>(
    `SELECT node, ${TOTALS} FROM interval_reports WHERE interval_start >= $1 AND interval_start < $2
     GROUP BY node ORDER BY node LIMIT 500`,
    from,
    to,
  );
  return rows.map(({ node, ...totals }) => ({ node, ...toTotals(totals) }));
}

export type SeriesPoint = WindowTotals & { at: Date };

/** The rollups over [from, to) in buckets of `bucketSeconds` (a multiple of 60). */
export async function seriesTotals(from: Date, to: Date, bucketSeconds: number): Promise<SeriesPoint[]> {
  const rows = await db().$queryRawUnsafe<(TotalsRow & { at: Date })[]>(
    `SELECT to_timestamp(floor(extract(epoch FROM minute) / $3) * $3) AS at,
       sum(reports)::float8 AS reports, sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
       sum(messages_sent)::float8 AS sent, sum(messages_delivered)::float8 AS delivered,
       sum(recoveries_attempted)::float8 AS attempted, sum(recoveries_succeeded)::float8 AS succeeded,
       sum(response_sum_ms)::float8 AS "responseSumMs", sum(response_count)::float8 AS "responseCount",
       sum(restarts)::float8 AS restarts
     FROM health_minutes WHERE minute >= $1 AND minute < $2 GROUP BY 1 ORDER BY 1`,
    from,
    to,
    bucketSeconds,
  );
  return rows.map(({ at, ...totals }) => ({ at, ...toTotals(totals) }));
}

export type ErrorSeriesPoint = { at: Date; category: string; code: string; count: number };

export async function errorSeries(from: Date, to: Date, bucketSeconds: number): Promise<ErrorSeriesPoint[]> {
  const rows = await db().$queryRawUnsafe<{ at: Date; category: string; code: string; count: number }[]>(
    `SELECT to_timestamp(floor(extract(epoch FROM minute) / $3) * $3) AS at, category, code, sum(count)::float8 AS count
     FROM error_minutes WHERE minute >= $1 AND minute < $2 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    from,
    to,
    bucketSeconds,
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Codes that reached `atLeast` within one calendar minute in [from, to). */
export async function errorSpikes(
  from: Date,
  to: Date,
  atLeast: number,
): Promise<{ minute: Date; category: string; code: string; count: number }[]> {
  const rows = await db().$queryRaw<{ minute: Date; category: string; code: string; count: bigint }[]>`
    SELECT minute, category, code, count FROM error_minutes
    WHERE minute >= ${from} AND minute < ${to} AND count >= ${atLeast} ORDER BY minute, code`;
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}
