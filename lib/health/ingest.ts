// From an ingest request body to the rows the store writes, pure. One bad item rejects the whole batch with every
// bad field named ("body.reports.3.messages.delivered"); nothing is stored unless every item is good.
import type { CohortRow } from "../canary/types";
import { AppError, type InvalidParam } from "../http/errors";
import { parseReport, Problems } from "./report-parser";
import { INGEST_MAX_REPORTS } from "./schemas";

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
  cohorts: CohortRow[] | null;
};

export function parseIngestBody(raw: unknown, now: Date, retentionDays: number): IntervalRow[] {
  const p = new Problems();
  if (!isObject(raw)) throw invalid([{ name: "body", reason: "must be an object with reports" }]);
  for (const key in raw) if (key !== "reports") p.add(key, "is not a field of the ingest contract");
  const reports = raw.reports;
  if (!Array.isArray(reports) || reports.length === 0) p.add("reports", "must be a list of at least one report");
  else if (reports.length > INGEST_MAX_REPORTS)
    throw new AppError(
      "payload_too_large",
      `A batch holds at most ${INGEST_MAX_REPORTS} reports (got ${reports.length}); split it.`,
    );
  if (p.list.length) throw invalid(p.list);

  const latest = now.getTime() + MAX_CLOCK_SKEW_MS;
  const earliest = now.getTime() - retentionDays * 86_400_000;
  const rows = (reports as unknown[]).map((report, index) => {
    const { startMs, ...row } = parseReport(report, `reports.${index}`, p);
    if (startMs > latest) p.add(`reports.${index}.intervalStart`, "is more than 5 minutes ahead of the server's clock");
    else if (startMs < earliest)
      p.add(`reports.${index}.intervalStart`, `is older than the ${retentionDays}-day retention`);
    return row;
  });
  if (p.list.length) throw invalid(p.list);
  return rows;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function invalid(invalidParams: InvalidParam[]): AppError {
  const first = invalidParams[0]!;
  const more = invalidParams.length > 1 ? ` (and ${invalidParams.length - 1} more)` : "";
  return new AppError("validation_failed", `${first.name}: ${first.reason}${more}`, { invalidParams });
}
