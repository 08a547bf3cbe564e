// The Erlang flag client's evaluations per second on one scheduler (erl +S 1), beside a bare ets:lookup_element
// loop and a bare erlang:phash2 loop in the same run. Run from the repository root:  npm run bench:flag-client
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileClient } from "../lib/supervision/testing/beam-node";

const ebin = compileClient();
const run = spawnSync("erl", ["+S", "1", "-noshell", "-pa", ebin, "-eval", "phasegate_bench:main()"], {
  encoding: "utf8",
});
if (run.status !== 0) throw new Error(`erl failed: ${run.stderr}${run.stdout}`);
const result = { machine: { cpus: os.cpus().length }, ...JSON.parse(run.stdout.trim()) };
const dir = path.join("bench", "results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `flag-client-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
