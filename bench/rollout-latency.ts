// Server-side latency of rollout transitions, with the plan's 6 flags and with 200: each sample advances 1 -> 2
// and then rolls back in an emergency (2 -> 1), through the real services (one transaction each: lock, set-based
// flag UPDATE, state, audit, NOTIFY, alert) on a throwaway database. The baseline in the same run is one flag
// update through the service behind PATCH /api/v1/flags/{key}. HTTP is left out: this is the work the server does.
// Run from the repository root:  npm run bench:rollout -- [--samples 300]
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { withThrowawayDatabase } from "./lib/database";

const { values } = parseArgs({ options: { samples: { type: "string", default: "300" } } });
const SAMPLES = Number(values.samples);
const ACTOR = { type: "user" as const, id: null, label: "bench" };
const CALLER = { actor: ACTOR, requestId: "bench", mayOverride: true };

function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    samples: ms.length,
    medianMs: round(at(50)),
    p99Ms: round(at(99)),
    maxMs: round(sorted[sorted.length - 1]!),
  };
}

async function scenario(flagCount: number) {
  return withThrowawayDatabase(async (url) => {
    const { applyMigrations } = await import("../lib/db/migrate");
    const { createPrismaClient } = await import("../lib/db/client");
    const { loadPlanIfEmpty } = await import("../lib/rollout/plan-loader-service");
    await applyMigrations(url);
    const prisma = createPrismaClient(url);
    await loadPlanIfEmpty(prisma);
    // Extra flags: half turned on by phase 2 (so advance and emergency each change about half of them).
    const extra = Array.from({ length: flagCount - 6 }, (_, i) => `bench_flag_${String(i).padStart(3, "0")}`);
    await prisma.flag.createMany({ data: extra.map((key) => ({ key, kind: "off" as const })) });
    await prisma.phaseFlagSetting.createMany({
      data: extra.filter((_, i) => i % 2 === 0).map((flagKey) => ({ phaseNumber: 2, flagKey, kind: "on" as const })),
    });
    await prisma.phase.updateMany({ data: { monitorForMinutes: 0 } }); // the soak gate passes at once
    // No telemetry here: with no threshold watched, the health gate passes (it still reads, before the lock).
    await prisma.threshold.updateMany({ data: { enabled: false } });
    await prisma.$disconnect();

    process.env.DATABASE_URL = url;
    // Counts the SQL statements (round trips, BEGIN and COMMIT included) each operation sends, at the pg driver.
    const pg = (await import("pg")).default;
    let sent = 0;
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      sent++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    const counted = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
      const before = sent;
      const result = await work();
      return [result, sent - before];
    };
    const { transition } = await import("../lib/rollout/transition-service");
    const { updateFlag } = await import("../lib/flags/service");
    const { db } = await import("../lib/db/client");
    await transition("start", { reason: "bench" }, CALLER);
    // The health and readiness gates need evidence: steady telemetry and a READY readiness run, both fresh for hours.
    const { reportHealthy } = await import("../lib/health/testing/healthy");
    const { reportReady } = await import("../lib/readiness/testing/ready");
    await Promise.all([reportHealthy(), reportReady()]);
    const advance: number[] = [];
    const emergency: number[] = [];
    const patch: number[] = [];
    let changedPerAdvance = 0;
    const statements = { baselinePatch: 0, advance: 0, emergency: 0 };
    for (let i = 0; i < SAMPLES + 20; i++) {
      let t = performance.now();
      const [up, advanceStatements] = await counted(() => transition("advance", { reason: "bench advance" }, CALLER));
      const advanceMs = performance.now() - t;
      t = performance.now();
      const [down, emergencyStatements] = await counted(() =>
        transition("emergency", { reason: "bench emergency" }, CALLER),
      );
      const emergencyMs = performance.now() - t;
      if (!down.changed) throw new Error("the emergency rollback changed nothing");
      t = performance.now();
      // "on", not a percentage: the emergency left it off, so every update changes it, and no canary without cohort
      // data holds the next advance (a flag at a percentage must show its cohorts first).
      const [, patchStatements] = await counted(() =>
        updateFlag("use_v2_coordinator", { value: "on", reason: "bench patch" }, ACTOR, "bench"),
      );
      const patchMs = performance.now() - t;
      Object.assign(statements, {
        baselinePatch: patchStatements,
        advance: advanceStatements,
        emergency: emergencyStatements,
      });
      if (i >= 20) {
        // the first 20 warm up connections and code paths
        advance.push(advanceMs);
        emergency.push(emergencyMs);
        patch.push(patchMs);
        changedPerAdvance = up.changes.length;
      }
    }
    await db().$disconnect();
    return {
      flags: flagCount,
      flagsChangedPerTransition: changedPerAdvance,
      sqlStatements: statements,
      loadAverage: os.loadavg(),
      baselinePatch: stats(patch),
      advance: stats(advance),
      emergency: stats(emergency),
    };
  });
}

async function main() {
  // One process per scenario would be cleaner; the database client is a per-process singleton, so run each
  // flag count in a child process.
  const only = process.env.BENCH_FLAGS;
  if (only) {
    process.stdout.write(`RESULT ${JSON.stringify(await scenario(Number(only)))}\n`);
    process.exit(0);
  }
  const { execFileSync } = await import("node:child_process");
  const results = [6, 200].map((flags) => {
    const out = execFileSync(process.execPath, process.execArgv.concat(process.argv.slice(1)), {
      env: { ...process.env, BENCH_FLAGS: String(flags) },
      encoding: "utf8",
    });
    return JSON.parse(
      out
        .split("\n")
        .find((l) => l.startsWith("RESULT "))!
        .slice(7),
    );
  });
  const result = {
    at: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
    samples: SAMPLES,
    results,
  };
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(
    "| flags | changed per transition | SQL statements patch / advance / emergency | PATCH one flag (baseline) median / p99 | advance median / p99 | emergency median / p99 | load average (1 min) |",
  );
  for (const r of results)
    console.log(
      `| ${r.flags} | ${r.flagsChangedPerTransition} | ${r.sqlStatements.baselinePatch} / ${r.sqlStatements.advance} / ${r.sqlStatements.emergency} | ${r.baselinePatch.medianMs} / ${r.baselinePatch.p99Ms} ms | ${r.advance.medianMs} / ${r.advance.p99Ms} ms | ${r.emergency.medianMs} / ${r.emergency.p99Ms} ms | ${r.loadAverage[0].toFixed(1)} |`,
    );
  const folder = path.join("bench", "results");
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `rollout-latency-${result.at.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`raw results: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
