// The Supervision page's interactions at 10,000 and 100,000 processes, timed inside real Chromium on the production
// build: expand a pool supervisor, collapse it, search for a worker, select a search result (which reveals and
// scrolls to it). Each is timed from the input event to the frame after the DOM shows the result (two
// requestAnimationFrames), in the page, so Playwright's round trips are not counted. Baselines in the same page and
// run: one frame with nothing to do (the floor of any interaction on this machine), and rendering a plain,
// unvirtualised list of the same number of names (what a naive page would pay).
// Run from the repository root:  npm run bench:supervision-interaction -- [--runs 7] [--sizes 10000,100000]
// [--skip-build]
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { applyMigrations } from "../lib/db/migrate";
import { freePort } from "../lib/db/testing/test-database";
import { syntheticSnapshot } from "../lib/supervision/testing/synthetic-tree";
import { buildIfNeeded } from "../scripts/lib/build";
import { withThrowawayDatabase } from "./lib/database";
import { createToken } from "./lib/flag-mix";
import { startApp } from "./lib/processes";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    sizes: { type: "string", default: "10000,100000" },
    // Serve .next as it is (e.g. a build of the code before a change), without rebuilding for the sources.
    "skip-build": { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const SIZES = values.sizes.split(",").map(Number);
const VIEWER = { username: "bench-viewer", password: "bench viewer passphrase" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** In the page: run `act`, then wait (checking every frame) until `done` holds, then one more frame; the time. */
const MEASURE = `
window.__name = (f) => f; // tsx keeps function names with a helper the page does not have
window.__measure = (act, done) => new Promise((resolve, reject) => {
  const start = performance.now();
  act();
  const deadline = start + 20000;
  const check = () => {
    if (done()) return requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
    if (performance.now() > deadline) return reject(new Error("timed out"));
    requestAnimationFrame(check);
  };
  check();
});
window.__type = (input, text) => {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  setter.call(input, text);
  input.dispatchEvent(new Event("input", { bubbles: true }));
};
`;

type Measures = Record<string, number>;

async function measureSize(page: Page, base: string, node: string, size: number): Promise<Measures> {
  await page.goto(`${base}/supervision`);
  await page.getByRole("tab", { name: new RegExp(node.replace(".", "\\.")) }).click();
  await page.getByRole("treeitem").filter({ hasText: "pool_sup_7" }).first().waitFor();
  const samples: Record<string, number[]> = {};
  const add = (name: string, ms: number) => (samples[name] ??= []).push(ms);
  for (let r = 0; r < RUNS; r++) {
    add(
      "baselineFrameMs",
      await page.evaluate(() =>
        (window as unknown as { __measure: (a: () => void, d: () => boolean) => Promise<number> }).__measure(
          () => undefined,
          () => true,
        ),
      ),
    );
    add(
      "baselinePlainListMs",
      await page.evaluate((n) => {
        const w = window as unknown as { __measure: (a: () => void, d: () => boolean) => Promise<number> };
        const holder = document.createElement("ul");
        return w
          .__measure(
            () => {
              const items: string[] = [];
              for (let i = 0; i < n; i++) items.push(`<li>worker_${i} &lt;0.${i}.0&gt; session_worker</li>`);
              holder.innerHTML = items.join("");
              document.body.appendChild(holder);
            },
            () => holder.offsetHeight > 0,
          )
          .finally(() => holder.remove());
      }, size),
    );
    const timings = await page.evaluate(async () => {
      const w = window as unknown as {
        __measure: (a: () => void, d: () => boolean) => Promise<number>;
        __type: (input: HTMLInputElement, text: string) => void;
      };
      const row = (name: string) => document.querySelector<HTMLElement>(`[role="treeitem"][data-process="${name}"]`);
      const toggle = () => row("pool_sup_7")!.querySelector("button")!;
      const expandMs = await w.__measure(
        () => toggle().click(),
        () => row("pool_sup_7")?.getAttribute("aria-expanded") === "true" && row("worker_7_0") !== null,
      );
      const collapseMs = await w.__measure(
        () => toggle().click(),
        () => row("pool_sup_7")?.getAttribute("aria-expanded") === "false" && row("worker_7_0") === null,
      );
      const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
      const results = () => document.querySelector('[aria-label="Search results"]');
      const searchMs = await w.__measure(
        () => w.__type(input, "worker_42_17"),
        () => results()?.textContent?.includes("worker_42_17") ?? false,
      );
      const selectMs = await w.__measure(
        () => results()!.querySelector("button")!.click(),
        () => row("worker_42_17")?.getAttribute("aria-selected") === "true",
      );
      // Leave the page as it started: collapse what select revealed, clear the search.
      row("pool_sup_42")?.querySelector("button")?.click();
      w.__type(input, "");
      document.querySelector('[role="tree"]')!.scrollTop = 0;
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      return { expandMs, collapseMs, searchMs, selectMs };
    });
    for (const [name, ms] of Object.entries(timings)) add(name, ms);
  }
  return Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, round1(median(xs))]));
}

async function main() {
  const load = [os.loadavg()[0]!];
  const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version }, runs: RUNS };
  await withThrowawayDatabase(async (url) => {
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    const token = await createToken(url, ["ingest"]);
    const { createUser } = await import("../lib/auth/user-service");
    const { SYSTEM_ACTOR } = await import("../lib/audit/record");
    const { db } = await import("../lib/db/client");
    await createUser({ ...VIEWER, displayName: "", role: "viewer" }, SYSTEM_ACTOR, "bench");
    await db().$disconnect();
    if (!values["skip-build"] && !buildIfNeeded((m) => console.log(`bench: ${m}`))) throw new Error("the build failed");
    const port = await freePort();
    const app = await startApp({ port, databaseUrl: url });
    const base = `http://127.0.0.1:${port}`;
    const browser = await chromium.launch({
      executablePath: process.env.PHASEGATE_CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.addInitScript(MEASURE);
      const login = await page.request.post(`${base}/api/v1/session`, { data: VIEWER });
      if (login.status() !== 201) throw new Error(`sign-in answered ${login.status()}`);
      const out: Record<string, Measures> = {};
      for (const size of SIZES) {
        const node = `interaction-${size}@host`;
        const response = await fetch(`${base}/api/v1/ingest/supervision/snapshots`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify(syntheticSnapshot(node, size)),
        });
        if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
        out[size] = await measureSize(page, base, node, size);
        console.log(`bench: ${size} processes`, out[size]);
      }
      results.page = out;
    } finally {
      await browser.close();
      await app.stop();
    }
  });
  load.push(os.loadavg()[0]!);
  results.loadAverage = load;
  const dir = path.join("bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `supervision-interaction-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
  console.log(`bench: wrote ${file}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
