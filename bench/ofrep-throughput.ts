// OFREP bulk evaluation throughput of the production server (scripts/start.ts: Next plus the lean path) against a
// bare node:http server returning the same JSON, in the same run, rounds alternating. Run from the repository root:
//   npm run bench:ofrep -- [--rounds 5] [--seconds 10] [--connections 32]
// Needs wrk (apt install wrk) and PostgreSQL at DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
// where it creates and drops a database phasegate_bench_*. Requests carry a real evaluate-scoped API token.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../lib/db/testing/test-database";
import { buildIfNeeded } from "../scripts/lib/build";
import { withThrowawayDatabase } from "./lib/database";
import { applyFlagMix, BENCH_BODY, BENCH_HEADERS, FLAGS_IN_PLAN, waitForFlagMix } from "./lib/flag-mix";
import { startApp, startProcess, waitForHttp, type Started } from "./lib/processes";
import { median, runWrk, type WrkResult } from "./lib/wrk";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);

async function main() {
  if (!buildIfNeeded((m) => console.log(`bench: ${m}`))) throw new Error("the build failed");
  await withThrowawayDatabase(async (databaseUrl) => {
    const appPort = await freePort();
    const app = await startApp({ port: appPort, databaseUrl });
    let bare: Started | undefined;
    try {
      await applyFlagMix(databaseUrl);
      const appUrl = `http://127.0.0.1:${appPort}/ofrep/v1/evaluate/flags`;
      const answer = await waitForFlagMix(appUrl);

      const barePort = await freePort();
      bare = startProcess(["--import", "tsx", "bench/bare-server.ts"], {
        PORT: String(barePort),
        BARE_BODY: answer.text,
        BARE_ETAG: answer.etag,
      });
      const bareUrl = `http://127.0.0.1:${barePort}/ofrep/v1/evaluate/flags`;
      await waitForHttp(bareUrl, bare, 30_000);

      const load = (url: string, secs = seconds) =>
        runWrk({ url, body: BENCH_BODY, headers: BENCH_HEADERS, connections, seconds: secs });
      load(appUrl, 5); // warm-up: JIT, connection setup
      load(bareUrl, 5);
      const results: { app: WrkResult[]; bare: WrkResult[] } = { app: [], bare: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? (["app", "bare"] as const) : (["bare", "app"] as const);
        for (const which of order) {
          const result = load(which === "app" ? appUrl : bareUrl);
          if (result.non2xx || result.socketErrors)
            throw new Error(`${which} round ${round + 1}: ${JSON.stringify(result)}`);
          results[which].push(result);
          console.log(
            `bench: round ${round + 1} ${which.padEnd(4)} ${result.requestsPerSecond.toFixed(0)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms`,
          );
        }
      }
      report(results, answer.text.length);
    } finally {
      await bare?.stop();
      await app.stop();
    }
  });
}

function report(results: { app: WrkResult[]; bare: WrkResult[] }, bodyBytes: number) {
  const summary = (list: WrkResult[]) => ({
    requestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
    p50Ms: median(list.map((r) => r.p50Ms)),
    p99Ms: median(list.map((r) => r.p99Ms)),
  });
  const app = summary(results.app);
  const bare = summary(results.bare);
  const ratio = app.requestsPerSecond / bare.requestsPerSecond;
  const machine = {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    node: process.version,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
  };
  console.log(
    `\nOFREP bulk evaluation (${FLAGS_IN_PLAN} flags, ${bodyBytes}-byte answer), wrk -t1 -c${connections} -d${seconds}s, median of ${rounds} rounds`,
  );
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${new Date().toISOString()}`);
  console.log("| server | req/s | flag evaluations/s | p50 ms | p99 ms |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const [name, s] of [
    ["Phasegate lean OFREP (production server)", app],
    ["bare node:http, same JSON", bare],
  ] as const) {
    console.log(
      `| ${name} | ${s.requestsPerSecond.toFixed(0)} | ${(s.requestsPerSecond * FLAGS_IN_PLAN).toFixed(0)} | ${s.p50Ms.toFixed(2)} | ${s.p99Ms.toFixed(2)} |`,
    );
  }
  console.log(`ratio app / bare: ${ratio.toFixed(2)}`);
  const folder = path.join("bench", "results");
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `ofrep-throughput-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify({ machine, connections, seconds, rounds, app, bare, ratio, raw: results }, null, 2),
  );
  console.log(`raw results: ${file}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
