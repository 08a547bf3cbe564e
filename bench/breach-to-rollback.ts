// Breach to rollback: from the moment the ingest request that makes a violation hold returns, until the flags are
// rolled back and visible over OFREP (use_v2_coordinator back off on the same instance), with the guard at
// 1 consecutive evaluation and a 1 s interval. Baseline in the same run, alternating: an operator's rollback through
// POST /api/v1/rollout/rollback, from its return until OFREP shows it (the part of the path the guard shares).
//   npm run bench:breach -- [--samples 7]
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort } from "../lib/db/testing/test-database";
import { intervalStarts, simulateInterval } from "../lib/health/simulator";
import { buildIfNeeded } from "../scripts/lib/build";
import { withThrowawayDatabase } from "./lib/database";
import { createToken } from "./lib/flag-mix";
import { startApp } from "./lib/processes";
import { median, percentile, writeResult } from "./lib/report";

const { values } = parseArgs({ options: { samples: { type: "string", default: "7" } } });
const SAMPLES = Number(values.samples);
Object.assign(process.env, {
  PHASEGATE_GUARD_CONSECUTIVE: "1",
  PHASEGATE_GUARD_INTERVAL_MS: "1000",
  PHASEGATE_GUARD_COOLDOWN_SECONDS: "0",
});

async function main() {
  if (!buildIfNeeded((m) => console.log(`bench: ${m}`))) throw new Error("the build failed");
  await withThrowawayDatabase(async (databaseUrl) => {
    const port = await freePort();
    const app = await startApp({ port, databaseUrl });
    const base = `http://127.0.0.1:${port}`;
    const sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      const admin = await createToken(databaseUrl, ["admin"]);
      const reporter = await createToken(databaseUrl, ["ingest", "evaluate"]);
      const call = async (method: string, route: string, token: string, body?: unknown) => {
        const response = await fetch(`${base}${route}`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      };
      const v2Off = async () => {
        const r = await call("POST", "/ofrep/v1/evaluate/flags/use_v2_coordinator", reporter, {
          context: { targetingKey: "probe" },
        });
        return (
          (r.body.metadata as { percentage?: number } | undefined)?.percentage === undefined && r.body.value === false
        );
      };
      const phase = async () =>
        ((await call("GET", "/api/v1/rollout", admin)).body.state as { currentPhase: number | null }).currentPhase;
      const toPhase4 = async () => {
        await sql.query("TRUNCATE interval_reports");
        await call("POST", "/api/v1/guard/acknowledge", admin, { reason: "bench" });
        if ((await phase()) === null) await call("POST", "/api/v1/rollout/start", admin, { reason: "bench" });
        while ((await phase())! < 4) {
          const r = await call("POST", "/api/v1/rollout/advance", admin, { reason: "bench", override: true });
          if (r.status !== 200) throw new Error(`advance: ${r.status} ${JSON.stringify(r.body)}`);
        }
        for (;;) if (!(await v2Off())) break;
      };
      const waitOff = async (from: number) => {
        for (;;) {
          if (await v2Off()) return performance.now() - from;
          if (performance.now() - from > 15_000) throw new Error("never rolled back");
        }
      };
      const guard: number[] = [];
      const manual: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        await toPhase4();
        const reports = intervalStarts(new Date(), 300, 10).flatMap((at) =>
          simulateInterval("bad-canary", 5, at, 10, { kind: "percentage", percentage: 10 }),
        );
        const ingest = await call("POST", "/api/v1/ingest", reporter, { reports });
        if (ingest.status !== 202) throw new Error(`ingest: ${ingest.status}`);
        guard.push(await waitOff(performance.now()));

        await toPhase4();
        await sql.query("UPDATE thresholds SET enabled = false"); // the operator's rollback, guard out of the way
        const r = await call("POST", "/api/v1/rollout/rollback", admin, { from: 4, reason: "bench baseline" });
        const returned = performance.now();
        if (r.status !== 200) throw new Error(`rollback: ${r.status}`);
        manual.push(await waitOff(returned));
        await sql.query("UPDATE thresholds SET enabled = true");
        console.log(`sample ${i + 1}: guard ${guard.at(-1)!.toFixed(0)} ms, manual ${manual.at(-1)!.toFixed(0)} ms`);
      }
      const result = {
        samples: SAMPLES,
        guardMedianMs: median(guard),
        guardP95Ms: percentile(guard, 95),
        manualMedianMs: median(manual),
        manualP95Ms: percentile(manual, 95),
        guard,
        manual,
      };
      console.log(
        `\nbreach -> rolled back on OFREP: median ${result.guardMedianMs.toFixed(0)} ms, p95 ${result.guardP95Ms.toFixed(0)} ms (goal < 2000 ms);`,
      );
      console.log(
        `baseline, operator rollback -> OFREP: median ${result.manualMedianMs.toFixed(0)} ms, p95 ${result.manualP95Ms.toFixed(0)} ms`,
      );
      writeResult("breach-to-rollback", result);
    } finally {
      await sql.end();
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
