// Ingestion rows/s through the HTTP API (POST /api/v1/ingest on the production server's lean path: auth, strict
// parsing, COPY into a staging table, one INSERT … ON CONFLICT into the partitioned table plus the per-minute
// rollups, one transaction), and at the store level (storeIntervalReports in this process with rows already parsed),
// against PostgreSQL COPY of the same rows into the same table (psql \copy, no rollups): the floor the database
// itself sets. Runs alternate; medians of --runs.
//   npm run bench:ingest -- [--rows 100000] [--batch 2000] [--runs 3] [--concurrency 2]
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { freePort } from "../lib/db/testing/test-database";
import { intervalReport } from "../lib/health/testing/reports";
import { parseIngestBody } from "../lib/health/ingest";
import { storeIntervalReports } from "../lib/health/ingest-store";
import { db } from "../lib/db/client";
import { buildIfNeeded } from "../scripts/lib/build";
import { withThrowawayDatabase } from "./lib/database";
import { createToken } from "./lib/flag-mix";
import { startApp } from "./lib/processes";
import { median, writeResult } from "./lib/report";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    batch: { type: "string", default: "2000" },
    runs: { type: "string", default: "3" },
    concurrency: { type: "string", default: "2" },
  },
});
const ROWS = Number(values.rows);
const BATCH = Number(values.batch);
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);
const NODES = 50;

/** ROWS reports: NODES nodes x consecutive 10 s intervals from `start` (each run gets its own hours). */
function reportsFrom(start: number, run: string) {
  return Array.from({ length: ROWS }, (_, i) =>
    intervalReport({
      node: `bench_${run}_${i % NODES}@h`,
      at: new Date(start + Math.floor(i / NODES) * 10_000),
      errors: i % 7,
      restarts: i % 3 === 0 ? 1 : 0,
    }),
  );
}

async function viaHttp(baseUrl: string, token: string, reports: ReturnType<typeof reportsFrom>): Promise<number> {
  const bodies: string[] = [];
  for (let i = 0; i < reports.length; i += BATCH) bodies.push(JSON.stringify({ reports: reports.slice(i, i + BATCH) }));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const response = await fetch(`${baseUrl}/api/v1/ingest`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body,
        });
        const text = await response.text();
        if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${text.slice(0, 300)}`);
      }
    }),
  );
  return reports.length / ((performance.now() - started) / 1000);
}

function viaCopy(databaseUrl: string, reports: ReturnType<typeof reportsFrom>): number {
  const csvQuote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const rows = [];
  for (let i = 0; i < reports.length; i += 10_000)
    rows.push(...parseIngestBody({ reports: reports.slice(i, i + 10_000) }, new Date(), 7));
  const lines = rows.map((row) => {
    return [
      row.intervalStart,
      row.node,
      row.intervalSeconds,
      row.requests,
      row.errors,
      row.sent,
      row.delivered,
      row.attempted,
      row.succeeded,
      row.responseSumMs,
      row.responseCount,
      row.restarts,
      csvQuote(JSON.stringify(row.errorCodes)),
    ].join(",");
  });
  const file = path.join(os.tmpdir(), `phasegate-copy-${process.pid}.csv`);
  writeFileSync(file, lines.join("\n") + "\n");
  const columns =
    "interval_start, node, interval_seconds, requests, errors, messages_sent, messages_delivered, recoveries_attempted, recoveries_succeeded, response_sum_ms, response_count, restarts, error_codes";
  try {
    const started = performance.now();
    execFileSync("psql", [
      databaseUrl,
      "-q",
      "-c",
      `\\copy interval_reports (${columns}) FROM '${file}' WITH (FORMAT csv)`,
    ]);
    return reports.length / ((performance.now() - started) / 1000);
  } finally {
    rmSync(file, { force: true });
  }
}

/** The store alone: the same batches, parsed beforehand, stored CONCURRENCY at a time in this process. */
async function viaStore(reports: ReturnType<typeof reportsFrom>): Promise<number> {
  const now = new Date();
  const batches: ReturnType<typeof parseIngestBody>[] = [];
  for (let i = 0; i < reports.length; i += BATCH)
    batches.push(parseIngestBody({ reports: reports.slice(i, i + BATCH) }, now, 7));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) await storeIntervalReports(batches[next++]!, now, 7);
    }),
  );
  return reports.length / ((performance.now() - started) / 1000);
}

async function main() {
  if (!buildIfNeeded((m) => console.log(`bench: ${m}`))) throw new Error("the build failed");
  await withThrowawayDatabase(async (databaseUrl) => {
    const port = await freePort();
    const app = await startApp({ port, databaseUrl });
    process.env.DATABASE_URL = databaseUrl; // for the store-level runs in this process
    try {
      const token = await createToken(databaseUrl, ["ingest"]);
      const baseUrl = `http://127.0.0.1:${port}`;
      execFileSync("psql", [
        databaseUrl,
        "-q",
        "-c",
        "SELECT phasegate_maintain_interval_partitions(now(), 7, 2, false)",
      ]);
      // Warm-up: one batch through HTTP (the route's first call compiles and connects).
      await viaHttp(baseUrl, token, reportsFrom(Date.now() - 6 * 86_400_000, "warm").slice(0, BATCH));
      await viaStore(reportsFrom(Date.now() - 6 * 86_400_000 + 3_600_000, "warm").slice(0, BATCH));
      const http: number[] = [];
      const store: number[] = [];
      const copy: number[] = [];
      const hours = Math.ceil(((ROWS / NODES) * 10) / 3600) + 1;
      for (let run = 0; run < RUNS; run++) {
        const base = Date.now() - 5 * 86_400_000 + run * 3 * hours * 3_600_000;
        http.push(await viaHttp(baseUrl, token, reportsFrom(base, `h${run}`)));
        store.push(await viaStore(reportsFrom(base + hours * 3_600_000, `s${run}`)));
        copy.push(viaCopy(databaseUrl, reportsFrom(base + 2 * hours * 3_600_000, `c${run}`)));
        console.log(
          `run ${run + 1}: HTTP ${http.at(-1)!.toFixed(0)} rows/s, store ${store.at(-1)!.toFixed(0)} rows/s, COPY ${copy.at(-1)!.toFixed(0)} rows/s`,
        );
      }
      const result = {
        rows: ROWS,
        batch: BATCH,
        concurrency: CONCURRENCY,
        httpRowsPerSecondMedian: median(http),
        storeRowsPerSecondMedian: median(store),
        copyRowsPerSecondMedian: median(copy),
        ratio: median(http) / median(copy),
        storeRatio: median(store) / median(copy),
        http,
        store,
        copy,
      };
      console.log(
        `\nHTTP ${result.httpRowsPerSecondMedian.toFixed(0)} rows/s, store ${result.storeRowsPerSecondMedian.toFixed(0)} rows/s vs COPY ${result.copyRowsPerSecondMedian.toFixed(0)} rows/s: HTTP ${result.ratio.toFixed(2)}x, store ${result.storeRatio.toFixed(2)}x (goal >= 0.5x)`,
      );
      writeResult("ingest-throughput", result);
    } finally {
      await db().$disconnect();
      await app.stop();
    }
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
