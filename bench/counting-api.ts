// The Erlang counting API's calls per second on one scheduler (per core), beside a bare ets:update_counter loop
// (the baseline) and a bare counters:add loop in the same run. Rounds; medians. Run: npm run bench:counting-api
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileClient } from "../lib/supervision/testing/beam-node";

const ROUNDS = 5;
const ebin = compileClient();
type Round = Record<string, number>;

function round(schedulers: number, processes: number): Round {
  const run = spawnSync(
    "erl",
    ["+S", String(schedulers), "-noshell", "-pa", ebin, "-eval", `phasegate_counting_bench:main(${processes})`],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`erl failed: ${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Round;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const loadBefore = os.loadavg()[0]!;
const perCore: Round[] = [];
for (let i = 0; i < ROUNDS; i++) {
  perCore.push(round(1, 1));
  console.log(`bench: round ${i + 1}`, JSON.stringify(perCore.at(-1)));
}
rmSync(ebin, { recursive: true, force: true });

const CASES = [
  "bareEtsUpdateCounter",
  "bareCountersAdd",
  "countRequest",
  "countRequestWithCohort",
  "recordRequest",
  "recordRequestWithCohort",
  "cohortAndRecord",
];
const summarise = (rounds: Round[]) =>
  Object.fromEntries(
    CASES.map((name) => {
      const rate = median(rounds.map((r) => r[name]!));
      const ratio = median(rounds.map((r) => r[name]! / r.bareEtsUpdateCounter!));
      return [name, { perSecond: rate, ratioToBareEts: Number(ratio.toFixed(2)) }];
    }),
  );
const result = {
  machine: { cpus: os.cpus().length, loadAverage: [loadBefore, os.loadavg()[0]] },
  rounds: ROUNDS,
  perCore: summarise(perCore),
  raw: perCore,
};
const dir = path.join("bench", "results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `counting-api-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ ...result, raw: undefined }, null, 2));
