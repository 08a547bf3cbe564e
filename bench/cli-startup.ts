// How long one `phasegate` call takes from spawn to exit, against `node -e 0` (a bare Node start) in the same run,
// rounds alternating: the bundled CLI (clients/cli/dist, built at install), and the tsx path it falls back to when
// the bundle is missing. The command is `status` against a closed port, so the whole CLI runs (parse, fetch, one
// line, exit 3) without a server's time in it.
// Run from the repository root:  npm run bench:cli -- [--rounds 30]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { median } from "./lib/wrk";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "30" } } });
const ROUNDS = Number(values.rounds);
const ENV = { ...process.env, PHASEGATE_URL: "http://127.0.0.1:1", PHASEGATE_TOKEN: "pgt_bench" };

const COMMANDS = {
  "node -e 0 (baseline)": { args: ["-e", "0"], exit: 0 },
  "phasegate (bin, bundle)": { args: ["clients/cli/phasegate.mjs", "status"], exit: 3 },
  "phasegate via tsx (fallback)": { args: ["--import", "tsx", "clients/cli/main.ts", "status"], exit: 3 },
} as const;
type Name = keyof typeof COMMANDS;

function timeOnce(name: Name): number {
  const { args, exit } = COMMANDS[name];
  const t = performance.now();
  const result = spawnSync(process.execPath, args, { env: ENV, encoding: "utf8" });
  const ms = performance.now() - t;
  if (result.status !== exit) throw new Error(`${name}: exit ${result.status}, expected ${exit}: ${result.stderr}`);
  return ms;
}

function main() {
  const bundle = "clients/cli/dist/phasegate.mjs";
  const stale = ["clients/cli/phasegate.ts", "clients/cli/main.ts"].some(
    (source) => !existsSync(bundle) || statSync(source).mtimeMs > statSync(bundle).mtimeMs,
  );
  // Otherwise the bin would fall back to tsx and this would measure the wrong thing.
  if (stale) throw new Error("the CLI bundle is missing or stale: run npm run db:generate (the postinstall) first");
  const names = Object.keys(COMMANDS) as Name[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Name, number[]>;
  for (const n of names) timeOnce(n); // warm the file cache
  for (let i = 0; i < ROUNDS; i++) for (const n of names) samples[n].push(timeOnce(n));
  const baseline = median(samples["node -e 0 (baseline)"]);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(`${ROUNDS} rounds, alternating; load average ${load}`);
  console.log("| command | median | max | median / node -e 0 |");
  console.log("| --- | --- | --- | --- |");
  const rows = names.map((n) => {
    const m = median(samples[n]);
    const row = {
      command: n,
      medianMs: Math.round(m),
      maxMs: Math.round(Math.max(...samples[n])),
      ratio: m / baseline,
    };
    console.log(`| ${n} | ${row.medianMs} ms | ${row.maxMs} ms | ${row.ratio.toFixed(2)} |`);
    return row;
  });
  const at = new Date().toISOString();
  mkdirSync(path.join("bench", "results"), { recursive: true });
  const file = path.join("bench", "results", `cli-startup-${at.replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify({ at, rounds: ROUNDS, loadAverage: os.loadavg(), node: process.version, rows }, null, 2),
  );
  console.log(`raw results: ${file}`);
}

main();
