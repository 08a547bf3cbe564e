// How long a committed flag change takes to reach another instance's OFREP answers. Two production servers
// (scripts/start.ts) share one throwaway database; each sample changes the flag through instance A's REST route
// (PATCH /api/v1/flags/{key}: row, audit event and NOTIFY in one transaction) and then polls instance B tightly
// until its single-flag OFREP evaluation shows the new value. Run from the repository root:
//   npm run bench:propagation -- [--samples 200]
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { freePort } from "../lib/db/testing/test-database";
import { buildIfNeeded } from "../scripts/lib/build";
import { withThrowawayDatabase } from "./lib/database";
import { addBenchToken, BENCH_HEADERS, createToken } from "./lib/flag-mix";
import { startApp } from "./lib/processes";

const { values } = parseArgs({ options: { samples: { type: "string", default: "200" } } });
const SAMPLES = Number(values.samples);
const FLAG = "use_v2_coordinator";
const SAMPLE_TIMEOUT_MS = 5_000;

async function evaluate(url: string): Promise<boolean> {
  const response = await fetch(url, {
    method: "POST",
    body: "{}",
    headers: { "content-type": "application/json", ...BENCH_HEADERS },
  });
  const body = (await response.json()) as { value?: boolean };
  if (response.status !== 200 || typeof body.value !== "boolean")
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return body.value;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  if (!buildIfNeeded((m) => console.log(`bench: ${m}`))) throw new Error("the build failed");
  await withThrowawayDatabase(async (databaseUrl) => {
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await startApp({ port: portA, databaseUrl });
    const b = await startApp({ port: portB, databaseUrl });
    await addBenchToken(databaseUrl);
    const operateToken = await createToken(databaseUrl, ["operate"]);
    // The write an operator makes: PATCH on instance A through the REST route (row, audit event and NOTIFY in one
    // transaction); the clock starts when A's answer returns.
    const changeThroughApi = async (on: boolean) => {
      const response = await fetch(`http://127.0.0.1:${portA}/api/v1/flags/${FLAG}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", authorization: `Bearer ${operateToken}` },
        body: JSON.stringify({ value: on ? "on" : "off", reason: "propagation benchmark" }),
      });
      if (response.status !== 200) throw new Error(`PATCH answered ${response.status}: ${await response.text()}`);
    };
    try {
      const onB = `http://127.0.0.1:${portB}/ofrep/v1/evaluate/flags/${FLAG}`;
      const onA = `http://127.0.0.1:${portA}/ofrep/v1/evaluate/flags/${FLAG}`;
      await evaluate(onA);
      const pollMs: number[] = [];
      for (let i = 0; i < 50; i++) {
        const started = performance.now();
        await evaluate(onB);
        pollMs.push(performance.now() - started);
      }

      const samples: number[] = [];
      let polls = 0;
      for (let i = 0; i < SAMPLES + 5; i++) {
        const want = i % 2 === 0;
        await changeThroughApi(want);
        const committed = performance.now();
        for (;;) {
          polls++;
          if ((await evaluate(onB)) === want) break;
          if (performance.now() - committed > SAMPLE_TIMEOUT_MS) throw new Error(`instance B never showed sample ${i}`);
        }
        if (i >= 5) samples.push(performance.now() - committed); // the first five warm both instances up
      }

      const sorted = [...samples].sort((x, y) => x - y);
      const poll = [...pollMs].sort((x, y) => x - y);
      const result = {
        machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
        at: new Date().toISOString(),
        samples: samples.length,
        p50Ms: percentile(sorted, 50),
        p90Ms: percentile(sorted, 90),
        p99Ms: percentile(sorted, 99),
        maxMs: sorted[sorted.length - 1],
        pollRoundTripP50Ms: percentile(poll, 50),
        pollsPerSample: polls / (SAMPLES + 5),
      };
      console.log(
        `\ncommit -> instance B's OFREP answer, ${samples.length} samples (poll round trip p50 ${result.pollRoundTripP50Ms.toFixed(2)} ms)`,
      );
      console.log(
        `p50 ${result.p50Ms.toFixed(2)} ms  p90 ${result.p90Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms  max ${result.maxMs!.toFixed(2)} ms`,
      );
      const folder = path.join("bench", "results");
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `propagation-${result.at.replace(/[:.]/g, "-")}.json`);
      writeFileSync(file, JSON.stringify({ ...result, raw: samples }, null, 2));
      console.log(`raw results: ${file}`);
    } finally {
      await b.stop();
      await a.stop();
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
