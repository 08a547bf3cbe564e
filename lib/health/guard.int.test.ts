// The guard against a real database and the real rollout engine, time moved with the injectable clock (no waits):
// consecutive counting, the automatic rollback with its evidence, freeze and acknowledge, cooldown, no data, minimum
// samples.
import { describe, expect, it, vi } from "vitest";
vi.hoisted(() => {
  Object.assign(process.env, {
    PHASEGATE_TEST_CLOCK: "1",
    PHASEGATE_GUARD_CONSECUTIVE: "3",
    PHASEGATE_GUARD_COOLDOWN_SECONDS: "600",
  });
});
import { SYSTEM_ACTOR } from "../audit/record";
import { advanceClock, now } from "../clock";
import { db } from "../db/client";
import { transition } from "../rollout/transition-service";
import { evaluateGuardOnce } from "./guard-service";
import { ingestReports } from "./ingest-service";
import { acknowledgeFreeze } from "./guard-service";
import { alignedAgo, intervalReport } from "./testing/reports";

const admin = { actor: SYSTEM_ACTOR, requestId: "guard-test", mayOverride: true };

/** Five minutes of reports from 5 nodes ending now, with the given error percentage (1000 requests a report). */
async function report(errorPercent: number | null, requests = 1000) {
  if (errorPercent === null) return;
  const end = Math.floor(now().getTime() / 10_000) * 10_000;
  const reports = [];
  for (let t = end - 300_000; t < end; t += 10_000)
    for (let n = 0; n < 5; n++)
      reports.push(
        intervalReport({
          node: `guard_${n}@test`,
          at: new Date(t),
          requests,
          errors: Math.round((requests * errorPercent) / 100),
        }),
      );
  await ingestReports({ reports });
}

const rollout = () => db().rolloutState.findUniqueOrThrow({ where: { id: 1 } });
const autoRollbacks = () => db().auditEvent.count({ where: { action: "rollout.auto_rollback" } });

async function atPhase(phase: number) {
  const state = await rollout();
  if (state.currentPhase === null) await transition("start", { reason: "guard test" }, admin);
  while ((await rollout()).currentPhase! < phase)
    await transition("advance", { reason: "guard test", override: true }, admin);
}

describe("the guard", () => {
  it("never acts on no data, and reads too few samples as no data", async () => {
    await atPhase(4);
    for (let i = 0; i < 4; i++) expect((await evaluateGuardOnce(now())).verdict).toBe("no_data");
    // 50 % errors, but from 50 requests: fewer than the 100 the error rate needs, so no data, not a violation.
    await ingestReports({
      reports: [intervalReport({ node: "few@test", at: alignedAgo(now(), 20), requests: 50, errors: 25 })],
    });
    for (let i = 0; i < 4; i++) expect((await evaluateGuardOnce(now())).verdict).toBe("healthy");
    const run = await db().guardRun.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(run.readings).toMatchObject({ error_rate: ["no_data", null, 50, 0] });
    expect(await autoRollbacks()).toBe(0);
  });

  it("rolls back from phase 4 to 3 after three violating evaluations, with the evidence, and freezes", async () => {
    advanceClock(10 * 60_000); // past the windows of the previous case
    await report(8);
    const first = await evaluateGuardOnce(now());
    const second = await evaluateGuardOnce(now());
    expect([first.action, second.action]).toEqual(["none", "none"]);
    expect((await rollout()).currentPhase).toBe(4);
    const third = await evaluateGuardOnce(now());
    expect(third.action).toBe("rolled_back");
    const state = await rollout();
    expect(state).toMatchObject({ currentPhase: 3, status: "frozen" });
    const flag = await db().flag.findUniqueOrThrow({ where: { key: "use_v2_coordinator" } });
    expect(flag.kind).toBe("off");
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "rollout.auto_rollback" } });
    expect(event.actorLabel).toBe("guard");
    expect(event.after).toMatchObject({
      phase: 3,
      evidence: {
        consecutiveRequired: 3,
        violations: [{ metric: "error_rate", threshold: 5, comparison: "above", windowSeconds: 300, consecutive: 3 }],
      },
    });
    expect(event.reason).toMatch(/error_rate 8 > 5 over 300s \(\d+ samples, 3 evaluations in a row\)/);
    expect(await db().auditEvent.count({ where: { action: "rollout.frozen" } })).toBe(1);
    const runs = await db().guardRun.findMany({ orderBy: { id: "desc" }, take: 3 });
    expect(runs.map((r) => r.action)).toEqual(["rolled_back", "none", "none"]);
    expect(runs[0]!.readings).toMatchObject({ error_rate: ["violating", 8, expect.any(Number), 3] });
  });

  it("refuses to advance while frozen, holds while frozen, and unfreezes when acknowledged", async () => {
    await expect(transition("advance", { reason: "try", override: true }, admin)).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await evaluateGuardOnce(now())).action).toBe("none");
    await evaluateGuardOnce(now());
    expect((await evaluateGuardOnce(now())).action).toBe("held:frozen");
    await acknowledgeFreeze("root cause found", { ...SYSTEM_ACTOR, label: "alice" }, "ack");
    expect(await rollout()).toMatchObject({ currentPhase: 3, status: "rolled_back" });
    await expect(acknowledgeFreeze("again", SYSTEM_ACTOR, "ack2")).rejects.toMatchObject({ code: "conflict" });
  });

  it("holds a second automatic rollback during the cooldown and acts once it has passed", async () => {
    await atPhase(4);
    // The violation kept holding while frozen, so the count is already past 3: only the cooldown holds it.
    for (let i = 0; i < 3; i++) expect((await evaluateGuardOnce(now())).action).toBe("held:cooldown");
    expect(await autoRollbacks()).toBe(1);
    advanceClock(10 * 60_000);
    await report(8);
    expect((await evaluateGuardOnce(now())).action).toBe("rolled_back");
    expect(await autoRollbacks()).toBe(2);
    expect((await rollout()).currentPhase).toBe(3);
  });

  it("resolves the threshold alert once the metric is back within its threshold for three evaluations", async () => {
    const alert = () => db().alert.findFirstOrThrow({ where: { title: "Threshold violated: error_rate" } });
    expect((await alert()).resolvedAt).toBeNull();
    advanceClock(10 * 60_000); // the violating reports leave the 5-minute window
    await report(0);
    for (let i = 0; i < 2; i++) {
      await evaluateGuardOnce(now());
      expect((await alert()).resolvedAt, `after ${i + 1} healthy evaluations`).toBeNull();
    }
    const third = await evaluateGuardOnce(now());
    const resolved = await alert();
    expect(resolved.resolvedAt?.toISOString()).toBe(third.at);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "alert.resolved" } });
    expect(event).toMatchObject({
      actorLabel: "guard",
      targetId: resolved.id,
      after: { resolvedAt: third.at },
    });
    expect(event.reason).toMatch(/error_rate back within its threshold for 3 evaluations in a row/);
    // Only one threshold alert was ever open for error_rate while it violated, acknowledged or not.
    expect(await db().alert.count({ where: { title: "Threshold violated: error_rate" } })).toBe(1);
  });
});
