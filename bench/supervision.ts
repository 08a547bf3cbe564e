// Supervision snapshots: how long ingestion takes for 10,000 and 100,000 processes, beside baselines measured in
// the same run (JSON.parse of the same text; storing the same text as jsonb with no validation), and how long the
// Supervision page takes to show that tree in Chromium, beside fetching and parsing its JSON in the same page.
// Run from the repository root:  npm run bench:supervision -- [--runs 3] [--no-page]
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { applyMigrations } from "../lib/db/migrate";
import { freePort } from "../lib/db/testing/test-database";
import { parseSnapshot } from "../lib/supervision/snapshot-input";
import { syntheticSnapshot } from "../lib/supervision/testing/synthetic-tree";
import { buildIfNeeded } from "../scripts/lib/build";
import { withThrowawayDatabase } from "./lib/database";
import { createToken } from "./lib/flag-mix";
import { startApp } from "./lib/processes";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "3" }, "no-page": { type: "boolean", default: false } },
});
const RUNS = Number(values.runs);
const SIZES = [10_000, 100_000];

const BENCH_VIEWER = { username: "bench-viewer", password: "bench viewer passphrase" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(run: () => unknown | Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return Math.round(median(samples) * 10) / 10;
}

async function main() {
  const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version }, runs: RUNS };
  await withThrowawayDatabase(async (url) => {
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    const { db } = await import("../lib/db/client");
    const { startLeanRoutes } = await import("../lib/http/lean-routes");
    const token = await createToken(url, ["ingest"]);
    const { createUser } = await import("../lib/auth/user-service");
    const { SYSTEM_ACTOR } = await import("../lib/audit/record");
    await createUser({ ...BENCH_VIEWER, displayName: "", role: "viewer" }, SYSTEM_ACTOR, "bench");
    const lean = await startLeanRoutes();
    const server = http.createServer((req, res) => void lean.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ingestion: Record<string, unknown> = {};
    for (const size of SIZES) {
      const text = JSON.stringify(syntheticSnapshot(`bench-${size}@host`, size));
      const post = async () => {
        const response = await fetch(`${base}/api/v1/ingest/supervision/snapshots`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: text,
        });
        if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      };
      ingestion[size] = {
        bytes: Buffer.byteLength(text),
        jsonParseMs: await time(() => JSON.parse(text)),
        validateMs: await time(() => parseSnapshot(JSON.parse(text), new Date())),
        storeRawJsonbMs: await time(
          () => db()
            .$executeRaw`INSERT INTO supervision_snapshots (node, taken_at, duration_ms, process_count, processes, diff)
                VALUES ('baseline', now(), 0, 0, ${text}::jsonb, '{}'::jsonb)`,
        ),
        ingestHttpMs: await time(post),
      };
      console.log(`bench: ingestion ${size}`, ingestion[size]);
    }
    results.ingestion = ingestion;
    server.closeAllConnections();
    server.close();
    await lean.close();
    await db().$disconnect();
    if (!values["no-page"]) results.page = await pageRender(url, token);
  });
  const dir = path.join("bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `supervision-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
  console.log(`bench: wrote ${file}`);
  process.exit(0);
}

/** Chromium on the real app: from navigation to the tree's first rows, and a search to its results. */
async function pageRender(databaseUrl: string, token: string) {
  if (!buildIfNeeded((m) => console.log(`bench: ${m}`))) throw new Error("the build failed");
  const port = await freePort();
  const app = await startApp({ port, databaseUrl });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: process.env.PHASEGATE_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const page = await browser.newPage();
    const login = await page.request.post(`${base}/api/v1/session`, { data: BENCH_VIEWER });
    await page.goto(`${base}/supervision`);
    if (login.status() !== 201) throw new Error(`sign-in answered ${login.status()}: ${await login.text()}`);
    const out: Record<string, unknown> = {};
    for (const size of SIZES) {
      const node = `page-${size}@host`;
      const response = await fetch(`${base}/api/v1/ingest/supervision/snapshots`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(syntheticSnapshot(node, size)),
      });
      if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
      const apiPath = `/api/v1/supervision/nodes/${encodeURIComponent(node)}`;
      const fetchAndParseMs = await time(() =>
        page.evaluate(async (p) => {
          const start = performance.now();
          JSON.parse(await (await fetch(p)).text());
          return performance.now() - start;
        }, apiPath),
      );
      const renderMs = await time(async () => {
        await page.goto(`${base}/supervision`);
        await page.getByRole("tab", { name: new RegExp(node.replace(".", "\\.")) }).click();
        await page.getByRole("treeitem").filter({ hasText: "pool_sup_0" }).first().waitFor();
      });
      const searchMs = await time(async () => {
        await page.getByRole("searchbox").fill("");
        await page.getByRole("searchbox").fill("worker_7_1");
        await page.getByRole("list", { name: "Search results" }).waitFor();
      });
      out[size] = { fetchAndParseInPageMs: fetchAndParseMs, navigateToTreeMs: renderMs, searchMs };
      console.log(`bench: page ${size}`, out[size]);
    }
    return out;
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
