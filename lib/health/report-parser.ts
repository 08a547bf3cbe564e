// The ingest contract's strict parser, hand-written because it is the hot path: zod spent ~20 µs per report, this
// ~2 µs (docs/BENCHMARKS.md, ingestion); paths are built only for problems, never on the happy path. Every problem is collected with its path ("reports.3.messages.delivered");
// the caller rejects the batch when there is any. Pure.
import type { InvalidParam } from "../http/errors";
import type { CohortRow } from "../canary/types";
import type { ErrorCodeCount, IntervalRow } from "./ingest";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

const REPORT_FIELDS = new Set([
  "node",
  "intervalStart",
  "intervalSeconds",
  "requests",
  "errors",
  "messages",
  "recoveries",
  "responseTime",
  "restarts",
  "cohorts",
]);
const COHORT_FIELDS = new Set([
  "flag",
  "variant",
  "requests",
  "errors",
  "messages",
  "recoveries",
  "responseTime",
  "restarts",
]);

const PAIR_FIELDS: Record<string, ReadonlySet<string>> = {
  sent: new Set(["sent", "delivered"]),
  attempted: new Set(["attempted", "succeeded"]),
};
const ERROR_FIELDS = new Set(["category", "code", "count"]);
const BUCKET_FIELDS = new Set(["leMs", "count"]);
const BUCKETS_FIELDS = new Set(["buckets"]);
const SUM_FIELDS = new Set(["sumMs", "count"]);

class Problems {
  readonly list: InvalidParam[] = [];
  add(path: string, reason: string) {
    if (this.list.length < 100) this.list.push({ name: `body.${path}`, reason });
  }
  /** The same, for the field `key` under `parent`: paths are built only for problems, never on the happy path. */
  at(parent: string, key: string | number, reason: string) {
    this.add(`${parent}.${key}`, reason);
  }
}

function unknownFields(o: Obj, allowed: ReadonlySet<string>, at: string, p: Problems) {
  for (const key in o) if (!allowed.has(key)) p.at(at, key, "is not a field of the ingest contract");
}

const isCount = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;

/** `v` as a count; the field is `key` under `at` (its path is built only when it is bad). */
function count(v: unknown, at: string, key: string, p: Problems): number {
  if (isCount(v)) return v;
  if (typeof v !== "number" || !Number.isInteger(v)) p.at(at, key, "must be a whole number");
  else if (v < 0) p.at(at, key, "must not be negative");
  else p.at(at, key, "is too large");
  return 0;
}

function label(v: unknown, max: number, at: string, key: string, p: Problems): string {
  if (typeof v === "string" && v.length > 0 && v.length <= max) return v;
  if (typeof v !== "string" || v.length === 0) p.at(at, key, "must be a non-empty string");
  else p.at(at, key, `must be at most ${max} characters`);
  return "";
}

function pair(v: unknown, a: string, b: string, parent: string, key: string, p: Problems): [number, number] {
  if (v === undefined) return [0, 0];
  if (!isObj(v)) {
    p.at(parent, key, `must be an object with ${a} and ${b}`);
    return [0, 0];
  }
  const fields = PAIR_FIELDS[a]!;
  for (const k in v) if (!fields.has(k)) p.at(parent, `${key}.${k}`, "is not a field of the ingest contract");
  const x = isCount(v[a]) ? v[a] : count(v[a], parent, `${key}.${a}`, p);
  const y = isCount(v[b]) ? v[b] : count(v[b], parent, `${key}.${b}`, p);
  if (y > x) p.at(parent, `${key}.${b}`, `must not exceed ${a}`);
  return [x, y];
}

function responseTime(v: unknown, parent: string, key: string, p: Problems) {
  const none = { sumMs: 0, count: 0, buckets: null as IntervalRow["responseBuckets"] };
  if (v === undefined) return none;
  if (!isObj(v)) {
    p.at(parent, key, "must be { sumMs, count } or { buckets }");
    return none;
  }
  const at = `${parent}.${key}`;
  if ("buckets" in v) {
    unknownFields(v, BUCKETS_FIELDS, at, p);
    const list = v.buckets;
    if (!Array.isArray(list) || list.length === 0 || list.length > 64) {
      p.add(`${at}.buckets`, "must be a list of 1 to 64 buckets");
      return none;
    }
    const buckets: { leMs: number | null; count: number }[] = [];
    let lower = 0;
    let sumMs = 0;
    let total = 0;
    list.forEach((b: unknown, i) => {
      const bat = `${at}.buckets.${i}`;
      if (!isObj(b)) return p.add(bat, "must be { leMs, count }");
      unknownFields(b, BUCKET_FIELDS, bat, p);
      const n = count(b.count, bat, "count", p);
      const le = b.leMs;
      if (le === null) {
        if (i !== list.length - 1) p.add(`${bat}.leMs`, "only the last bucket may be unbounded");
        sumMs += lower * n;
      } else if (typeof le !== "number" || !(le > 0) || !Number.isFinite(le)) p.add(`${bat}.leMs`, "must be positive");
      else {
        if (i > 0 && le <= lower) p.add(`${bat}.leMs`, "bucket bounds must increase");
        sumMs += ((lower + le) / 2) * n;
        lower = le;
      }
      total += n;
      buckets.push({ leMs: le === null ? null : (le as number), count: n });
    });
    return { sumMs, count: total, buckets };
  }
  unknownFields(v, SUM_FIELDS, at, p);
  const sumMs = v.sumMs;
  if (typeof sumMs !== "number" || !Number.isFinite(sumMs) || sumMs < 0) p.add(`${at}.sumMs`, "must not be negative");
  return { sumMs: typeof sumMs === "number" ? sumMs : 0, count: count(v.count, at, "count", p), buckets: null };
}

function errorCounts(v: unknown, parent: string, p: Problems) {
  if (v === undefined) return { total: 0, codes: [] };
  if (!Array.isArray(v) || v.length > 200) {
    p.at(parent, "errors", "must be a list of at most 200 { category, code, count }");
    return { total: 0, codes: [] };
  }
  let total = 0;
  const codes: ErrorCodeCount[] = [];
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (!isObj(e)) {
      p.at(parent, `errors.${i}`, "must be { category, code, count }");
      codes.push({ category: "", code: "", count: 0 });
      continue;
    }
    for (const k in e)
      if (!ERROR_FIELDS.has(k)) p.at(parent, `errors.${i}.${k}`, "is not a field of the ingest contract");
    const c = {
      category:
        typeof e.category === "string" && e.category.length > 0 && e.category.length <= 64
          ? e.category
          : label(e.category, 64, `${parent}.errors.${i}`, "category", p),
      code:
        typeof e.code === "string" && e.code.length > 0 && e.code.length <= 128
          ? e.code
          : label(e.code, 128, `${parent}.errors.${i}`, "code", p),
      count: isCount(e.count) ? e.count : count(e.count, `${parent}.errors.${i}`, "count", p),
    };
    total += c.count;
    codes.push(c);
  }
  return { total, codes };
}

/** Counters each cohort may hold, and the report total they are summed against (per flag, over its variants). */
const COHORT_LIMITS = [
  ["requests", "requests"],
  ["errors", "errors"],
  ["sent", "messages.sent"],
  ["delivered", "messages.delivered"],
  ["attempted", "recoveries.attempted"],
  ["succeeded", "recoveries.succeeded"],
  ["responseCount", "responseTime.count"],
  ["restarts", "restarts"],
] as const;

function cohorts(v: unknown, parent: string, p: Problems): CohortRow[] | null {
  if (v === undefined) return null;
  const at = `${parent}.cohorts`;
  if (!Array.isArray(v) || v.length > 50) {
    p.add(at, "must be a list of at most 50 cohorts");
    return null;
  }
  const seen = new Set<string>();
  return v.map((c: unknown, i) => {
    const cat = `${at}.${i}`;
    const row: CohortRow = {
      flag: "",
      variant: "on",
      requests: 0,
      errors: 0,
      sent: 0,
      delivered: 0,
      attempted: 0,
      succeeded: 0,
      responseSumMs: 0,
      responseCount: 0,
      responseBuckets: null,
      restarts: 0,
    };
    if (!isObj(c)) {
      p.add(cat, "must be an object");
      return row;
    }
    unknownFields(c, COHORT_FIELDS, cat, p);
    row.flag = label(c.flag, 255, cat, "flag", p);
    if (c.variant !== "on" && c.variant !== "off") p.add(`${cat}.variant`, 'must be "on" or "off"');
    else row.variant = c.variant;
    const key = `${row.flag}\u0000${row.variant}`;
    if (seen.has(key)) p.add(`${cat}.variant`, `duplicates the ${row.variant} cohort of ${row.flag} in this report`);
    seen.add(key);
    for (const k of ["requests", "errors", "restarts"] as const)
      if (c[k] !== undefined) row[k] = count(c[k], cat, k, p);
    [row.sent, row.delivered] = pair(c.messages, "sent", "delivered", cat, "messages", p);
    [row.attempted, row.succeeded] = pair(c.recoveries, "attempted", "succeeded", cat, "recoveries", p);
    if (c.responseTime !== undefined) {
      const rt = responseTime(c.responseTime, cat, "responseTime", p);
      row.responseSumMs = rt.sumMs;
      row.responseCount = rt.count;
      row.responseBuckets = rt.buckets;
    }
    return row;
  });
}

/** A flag's cohorts split the report: summed over its variants, no counter may exceed the report's total. */
function cohortsWithinTotals(row: IntervalRow, at: string, p: Problems) {
  if (!row.cohorts) return;
  const totals: Record<(typeof COHORT_LIMITS)[number][0], number> = {
    requests: row.requests,
    errors: row.errors,
    sent: row.sent,
    delivered: row.delivered,
    attempted: row.attempted,
    succeeded: row.succeeded,
    responseCount: row.responseCount,
    restarts: row.restarts,
  };
  const sums = new Map<string, { last: number; sum: Record<string, number> }>();
  row.cohorts.forEach((c, i) => {
    const entry = sums.get(c.flag) ?? { last: i, sum: {} };
    entry.last = i;
    for (const [k] of COHORT_LIMITS) entry.sum[k] = (entry.sum[k] ?? 0) + c[k];
    sums.set(c.flag, entry);
  });
  for (const [flag, { last, sum }] of sums)
    for (const [k, field] of COHORT_LIMITS)
      if (sum[k]! > totals[k])
        p.add(
          `${at}.${last}.${field}`,
          `the cohorts of ${flag} sum to ${sum[k]}, more than the report's ${field} (${totals[k]})`,
        );
}

/** One report to its row; problems are added to `p`. Times are checked by the caller (they need the clock). */
export function parseReport(r: unknown, at: string, p: Problems): IntervalRow & { startMs: number } {
  const row = {} as IntervalRow & { startMs: number };
  if (!isObj(r)) {
    p.add(at, "must be an object");
    return row;
  }
  unknownFields(r, REPORT_FIELDS, at, p);
  row.node = label(r.node, 255, at, "node", p);
  const start = r.intervalStart;
  row.startMs = typeof start === "string" && ISO.test(start) ? Date.parse(start) : NaN;
  if (Number.isNaN(row.startMs)) p.at(at, "intervalStart", "must be an ISO 8601 date-time");
  else row.intervalStart = new Date(row.startMs).toISOString();
  const seconds = r.intervalSeconds;
  if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 1 || seconds > 3600)
    p.at(at, "intervalSeconds", "must be a whole number from 1 to 3600");
  row.intervalSeconds = seconds as number;
  row.requests = isCount(r.requests) ? r.requests : count(r.requests, at, "requests", p);
  const errors = errorCounts(r.errors, at, p);
  row.errors = errors.total;
  row.errorCodes = errors.codes;
  [row.sent, row.delivered] = pair(r.messages, "sent", "delivered", at, "messages", p);
  [row.attempted, row.succeeded] = pair(r.recoveries, "attempted", "succeeded", at, "recoveries", p);
  const rt = responseTime(r.responseTime, at, "responseTime", p);
  row.responseSumMs = rt.sumMs;
  row.responseCount = rt.count;
  row.responseBuckets = rt.buckets;
  row.restarts = r.restarts === undefined ? 0 : isCount(r.restarts) ? r.restarts : count(r.restarts, at, "restarts", p);
  row.cohorts = cohorts(r.cohorts, at, p);
  cohortsWithinTotals(row, `${at}.cohorts`, p);
  return row;
}

export { Problems };
