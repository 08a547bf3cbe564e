// From an ingest request body to the rows the store writes, pure. One bad item rejects the whole batch with every
// bad field named ("body.reports.3.messages.delivered"); nothing is stored unless every item is good.
import { AppError, type InvalidParam } from "../http/errors";
import { zodToAppError } from "../http/problem";
import { ingestBodySchema, INGEST_MAX_REPORTS, type IntervalReportInput } from "./schemas";

/** How far ahead of the server's clock an interval may start (reporters' clocks drift a little). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export type ErrorCodeCount = { category: string; code: string; count: number };

/** One interval report, flattened to the stored counters. */
export type IntervalRow = {
  node: string;
  intervalStart: string;
  intervalSeconds: number;
  requests: number;
  errors: number;
  errorCodes: ErrorCodeCount[];
  sent: number;
  delivered: number;
  attempted: number;
  succeeded: number;
  responseSumMs: number;
  responseCount: number;
  responseBuckets: { leMs: number | null; count: number }[] | null;
  restarts: number;
  cohorts: unknown[] | null;
};

export function parseIngestBody(raw: unknown, now: Date, retentionDays: number): IntervalRow[] {
  const reports = (raw as { reports?: unknown } | null)?.reports;
  if (Array.isArray(reports) && reports.length > INGEST_MAX_REPORTS)
    throw new AppError(
      "payload_too_large",
      `A batch holds at most ${INGEST_MAX_REPORTS} reports (got ${reports.length}); split it.`,
    );
  const parsed = ingestBodySchema.safeParse(raw);
  if (!parsed.success) throw namingUnknownFields(zodToAppError(parsed.error, "body"), parsed.error.issues);

  const latest = now.getTime() + MAX_CLOCK_SKEW_MS;
  const earliest = now.getTime() - retentionDays * 86_400_000;
  const invalid: InvalidParam[] = [];
  parsed.data.reports.forEach((report, index) => {
    const start = Date.parse(report.intervalStart);
    const name = `body.reports.${index}.intervalStart`;
    if (start > latest) invalid.push({ name, reason: "is more than 5 minutes ahead of the server's clock" });
    else if (start < earliest) invalid.push({ name, reason: `is older than the ${retentionDays}-day retention` });
  });
  if (invalid.length)
    throw new AppError(
      "validation_failed",
      `${invalid[0]!.name}: ${invalid[0]!.reason}${invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : ""}`,
      { invalidParams: invalid },
    );
  return parsed.data.reports.map(toRow);
}

/** An unknown field is named itself ("body.reports.3.surprise"), not only the object that holds it. */
function namingUnknownFields(
  error: AppError,
  issues: readonly { code: string; path: PropertyKey[]; keys?: string[] }[],
) {
  const invalidParams = issues.flatMap((issue, i) => {
    const at = ["body", ...issue.path.map(String)].join(".");
    return issue.code === "unrecognized_keys" && issue.keys
      ? issue.keys.map((key) => ({ name: `${at}.${key}`, reason: "is not a field of the ingest contract" }))
      : [error.invalidParams![i]!];
  });
  const first = invalidParams[0]!;
  const more = invalidParams.length > 1 ? ` (and ${invalidParams.length - 1} more)` : "";
  return new AppError("validation_failed", `${first.name}: ${first.reason}${more}`, { invalidParams });
}

export function toRow(report: IntervalReportInput): IntervalRow {
  const response = responseTotals(report.responseTime);
  return {
    node: report.node,
    intervalStart: new Date(report.intervalStart).toISOString(),
    intervalSeconds: report.intervalSeconds,
    requests: report.requests,
    errors: report.errors.reduce((sum, e) => sum + e.count, 0),
    errorCodes: report.errors,
    sent: report.messages?.sent ?? 0,
    delivered: report.messages?.delivered ?? 0,
    attempted: report.recoveries?.attempted ?? 0,
    succeeded: report.recoveries?.succeeded ?? 0,
    responseSumMs: response.sumMs,
    responseCount: response.count,
    responseBuckets: response.buckets,
    restarts: report.restarts,
    cohorts: report.cohorts ?? null,
  };
}

/**
 * Sum and count of response times. From buckets (per-bucket counts, not cumulative) the sum is estimated with each
 * bucket's midpoint, and the unbounded last bucket at its lower bound, so the estimate never overstates the mean.
 */
export function responseTotals(rt: IntervalReportInput["responseTime"]): {
  sumMs: number;
  count: number;
  buckets: { leMs: number | null; count: number }[] | null;
} {
  if (!rt) return { sumMs: 0, count: 0, buckets: null };
  if ("sumMs" in rt) return { sumMs: rt.sumMs, count: rt.count, buckets: null };
  let lower = 0;
  let sumMs = 0;
  let count = 0;
  for (const b of rt.buckets) {
    const representative = b.leMs === null ? lower : (lower + b.leMs) / 2;
    sumMs += representative * b.count;
    count += b.count;
    if (b.leMs !== null) lower = b.leMs;
  }
  return { sumMs, count, buckets: rt.buckets };
}
