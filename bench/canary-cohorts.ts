// Canary cohorts: what labelling reports by cohort costs ingestion, and what the rollups buy the judge.
// 1. Ingest rows/s through the ingest service (strict parsing, the INSERT with its rollups, and with cohorts the
//    cohort rollups in the same transaction) for reports without cohorts (the baseline) and with one flag's on/off
//    cohorts carrying response-time histograms; runs alternate, medians of --runs.
// 2. A flag's canary/control totals over the ingested span from cohort_minutes (what the guard reads every look)
//    against the same totals summed from the raw reports' cohorts (the baseline); alternating, medians of --samples.
//   npm run bench:canary -- [--rows 50000] [--batch 2000] [--runs 3] [--samples 9]
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { applyMigrations } from "../lib/db/migrate";
import { intervalReport } from "../lib/health/testing/reports";
import { withThrowawayDatabase } from "./lib/database";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "50000" },
    batch: { type: "string", default: "2000" },
    runs: { type: "string", default: "3" },
    samples: { type: "string", default: "9" },
  },
});
const ROWS = Number(values.rows);
const BATCH = Number(values.batch);
const RUNS = Number(values.runs);
const SAMPLES = Number(values.samples);
const NODES = 50;
const FLAG = "use_v2_coordinator";
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const buckets = (n: number) =>
  [10, 20, 40, 80, 160, 320, 640, null].map((leMs, i) => ({
    leMs,
    count: i === 7 ? n - 7 * Math.floor(n / 8) : Math.floor(n / 8),
  }));

function reports(start: number, run: string, cohorts: boolean) {
  return Array.from({ length: ROWS }, (_, i) => {
    const r = intervalReport({
      node: `bench_${run}_${i % NODES}@h`,
      at: new Date(start + Math.floor(i / NODES) * 10_000),
      errors: i % 7,
    });
    if (!cohorts) return r;
    const on = 100;
    const off = r.requests - on;
    const cohort = (variant: "on" | "off", requests: number, errors: number, sent: number, attempted: number) => ({
      flag: FLAG,
      variant,
      requests,
      errors,
      messages: { sent, delivered: sent },
      recoveries: { attempted, succeeded: attempted },
      responseTime: { buckets: buckets(requests) },
      restarts: 0,
    });
    return {
      ...r,
      cohorts: [cohort("on", on, Math.min(1, i % 7), 50, 2), cohort("off", off, (i % 7) - Math.min(1, i % 7), 450, 18)],
    };
  });
}

async function main() {
  await withThrowawayDatabase(async (url) => {
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    const { ingestReports } = await import("../lib/health/ingest-service");
    const { cohortTotals, cohortTotalsFromRaw } = await import("../lib/canary/cohort-store");
    const load = os.loadavg()[0]!.toFixed(1);
    const spanMs = (ROWS / NODES) * 10_000;
    const base = Date.now() - 6 * 86_400_000;
    const rates: Record<"plain" | "cohorts", number[]> = { plain: [], cohorts: [] };
    let k = 0;
    for (let run = 0; run < RUNS; run++)
      for (const kind of ["plain", "cohorts"] as const) {
        const start = Math.floor((base + k++ * (spanMs + 3_600_000)) / 60_000) * 60_000;
        const rows = reports(start, `${kind}${run}`, kind === "cohorts");
        const t0 = performance.now();
        for (let i = 0; i < rows.length; i += BATCH) await ingestReports({ reports: rows.slice(i, i + BATCH) });
        rates[kind].push(rows.length / ((performance.now() - t0) / 1000));
      }
    // Totals over the span of the last cohort run (every cohort run holds the same flag, so read the whole range).
    const since = new Date(base - 60_000);
    const until = new Date(Date.now());
    const fromRollup: number[] = [];
    const fromRaw: number[] = [];
    let check = "";
    for (let s = 0; s < SAMPLES; s++) {
      let t0 = performance.now();
      const a = await cohortTotals(FLAG, since, until);
      fromRollup.push(performance.now() - t0);
      t0 = performance.now();
      const b = await cohortTotalsFromRaw(FLAG, since, until);
      fromRaw.push(performance.now() - t0);
      check = a.canary.requests === b.canary.requests && a.control.errors === b.control.errors ? "equal" : "DIFFERENT";
    }
    const p = median(rates.plain);
    const c = median(rates.cohorts);
    const r = median(fromRollup);
    const w = median(fromRaw);
    console.log(`load average ${load}, ${ROWS} reports per run, batches of ${BATCH}, ${RUNS} runs each (alternating)`);
    console.log(
      `ingest without cohorts: ${p.toFixed(0)} rows/s (median; runs ${rates.plain.map((x) => x.toFixed(0)).join(", ")})`,
    );
    console.log(
      `ingest with cohorts:    ${c.toFixed(0)} rows/s (median; runs ${rates.cohorts.map((x) => x.toFixed(0)).join(", ")}) = ${(c / p).toFixed(2)}x`,
    );
    console.log(
      `totals over ${RUNS * ROWS} cohort reports: rollups ${r.toFixed(1)} ms, raw ${w.toFixed(1)} ms (medians of ${SAMPLES}) = ${(w / r).toFixed(0)}x faster; results ${check}`,
    );
  });
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
