// With one evaluation enough to act, the guard's leader evaluates when reports arrive (health.ingested) rather than
// at its next interval: here its timer never fires after the first interval, so only the wake can roll back.
import { afterAll, describe, expect, it, vi } from "vitest";
vi.hoisted(() => {
  Object.assign(process.env, { PHASEGATE_GUARD_CONSECUTIVE: "1", PHASEGATE_GUARD_COOLDOWN_SECONDS: "0" });
});
import { SYSTEM_ACTOR } from "../audit/record";
import { db } from "../db/client";
import { notifyListener, stopNotifyListener } from "../db/notify";
import { serverEnv } from "../env";
import { transition } from "../rollout/transition-service";
import { waitFor } from "../testing/wait-for";
import { startGuard } from "./guard";
import { ingestReports } from "./ingest-service";
import { intervalReport } from "./testing/reports";

const admin = { actor: SYSTEM_ACTOR, requestId: "guard-wake-test", mayOverride: true };
const rollout = () => db().rolloutState.findUniqueOrThrow({ where: { id: 1 } });
let stopGuard: (() => Promise<void>) | undefined;
afterAll(async () => {
  await stopGuard?.();
  await stopNotifyListener();
});

describe("the guard at one consecutive evaluation", () => {
  it("rolls back on the ingest that breaches, without waiting for its interval", async () => {
    if ((await rollout()).currentPhase === null) await transition("start", { reason: "wake test" }, admin);
    while ((await rollout()).currentPhase! < 4)
      await transition("advance", { reason: "wake test", override: true }, admin);

    let intervals = 0;
    const guard = startGuard({
      connectionString: serverEnv().DATABASE_URL,
      // The first interval takes the lead; the timer never runs another.
      schedule: (run) => {
        intervals++;
        void run();
        return () => {};
      },
      log: () => {},
    });
    stopGuard = () => guard.stop();
    const runsBefore = await db().guardRun.count();
    await waitFor("the guard's first evaluation to be over", async () => (await db().guardRun.count()) > runsBefore);
    await notifyListener().ready();
    expect((await rollout()).currentPhase).toBe(4);

    const end = Math.floor(Date.now() / 10_000) * 10_000;
    const reports = [];
    for (let t = end - 300_000; t < end; t += 10_000)
      for (let n = 0; n < 5; n++)
        reports.push(intervalReport({ node: `wake_${n}@test`, at: new Date(t), requests: 1000, errors: 80 }));
    await ingestReports({ reports });

    await waitFor("the automatic rollback", async () => (await rollout()).currentPhase === 3, { timeoutMs: 10_000 });
    expect(await db().auditEvent.count({ where: { action: "rollout.auto_rollback" } })).toBe(1);
    expect(intervals).toBe(1);
  });
});
