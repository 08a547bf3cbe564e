// The readiness scanner on a generated Elixir project of 10,000 source files (the goal: `phasegate scan`
// under 10 s), beside baselines measured in the same run on the same tree: one `grep -rlE` pass with all the
// plan's patterns (the least any scanner that reads every file can cost) and the plan's own script run by Elixir.
// Run from the repository root:  npm run bench:readiness-scan -- [--files 10000] [--runs 3] [--no-elixir]
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { scanProject } from "../lib/readiness/scan-service";
import { randomTree, writeTree } from "../lib/readiness/testing/elixir-tree";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "10000" },
    runs: { type: "string", default: "3" },
    "no-elixir": { type: "boolean", default: false },
  },
});
const FILES = Number(values.files);
const RUNS = Number(values.runs);
const ROOT = path.resolve(import.meta.dirname, "..");
const GOAL_MS = 10_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return Math.round(median(samples));
}

/** Runs a command to completion; exit status 1 is an answer here (grep: no match; phasegate scan: a check failed). */
function command(file: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) =>
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error && error.code !== 1 ? reject(new Error(`${file}: ${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

// The plan's twelve regexes in one extended-regex alternation (grep -E has no \s; [[:space:]] is its spelling).
const GREP_PATTERN = [
  "Process\\.spawn",
  "spawn\\(",
  "Process\\.put",
  "Process\\.get",
  "Process\\.monitor",
  "Process\\.demonitor",
  "Process\\.sleep",
  "assert_receive.*telemetry",
  "rescue[[:space:]]+_",
  "rescue[[:space:]]+exception[[:space:]]*->",
  "catch[[:space:]]+_,[[:space:]]+_",
  "\\{:error,[[:space:]]*:[[:alnum:]_]+\\}",
].join("|");

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "phasegate-bench-scan-"));
  try {
    // Exactly FILES files that Path.wildcard picks (the generator also makes hidden, .exs and helper files).
    const scanned = /^(lib\/(?!.*\/\.).*\.ex|test\/(?!.*\/\.).*_test\.exs)$/;
    const generated = Object.entries(randomTree(2026, Math.ceil(FILES * 1.6), 0.5, 60));
    const tree = Object.fromEntries([
      ...generated.filter(([file]) => file === "mix.exs" || file.startsWith("lib/jido_system/")),
      ...generated.filter(([file]) => scanned.test(file) && !file.startsWith("lib/jido_system/")).slice(0, FILES),
    ]);
    await writeTree(dir, tree);
    const bytes = Object.values(tree).reduce((sum, text) => sum + text.length, 0);
    const first = await scanProject(dir);
    const results: Record<string, unknown> = {
      machine: { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg() },
      runs: RUNS,
      tree: { files: Object.keys(tree).length, scanned: first.filesScanned, megabytes: +(bytes / 1e6).toFixed(1) },
    };
    const timings: Record<string, number> = {};
    timings.grepBaseline = await time(() => command("grep", ["-rlE", GREP_PATTERN, "lib", "test"], dir));
    timings.scanProjectPlan = await time(() => scanProject(dir));
    timings.scanProjectStrict = await time(() => scanProject(dir, { mode: "strict" }));
    const bin = path.join(ROOT, "clients/cli/phasegate.mjs");
    timings.cliPlan = await time(() => command(process.execPath, [bin, "scan", dir, "--format", "json"], ROOT));
    timings.cliStrictSarif = await time(() =>
      command(process.execPath, [bin, "scan", dir, "--strict", "--format", "sarif"], ROOT),
    );
    if (!values["no-elixir"]) {
      // Once: the script reads every file once per pattern (12 passes), so it takes minutes at this size.
      const script = path.join(ROOT, "lib/readiness/testing/pre_integration_check.exs");
      const start = performance.now();
      await command("elixir", [script], dir, { LANG: "C.UTF-8", ELIXIR_ERL_OPTIONS: "+fnu" });
      timings.planScriptElixirOnce = Math.round(performance.now() - start);
    }
    results.timingsMs = timings;
    results.goal = { cliUnderMs: GOAL_MS, met: Math.max(timings.cliPlan, timings.cliStrictSarif) < GOAL_MS };
    console.table(Object.entries(timings).map(([what, ms]) => ({ what, "median ms": ms })));
    console.log(JSON.stringify(results, null, 2));
    const out = path.join(ROOT, "bench/results");
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, `readiness-scan-${new Date().toISOString().replace(/[:.]/g, "-")}.json`),
      JSON.stringify(results, null, 2),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
