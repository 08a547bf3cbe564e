// The rollout engine through its routes, against a real database: cumulative state per phase, full-state rollback,
// gates and overrides, emergency idempotence, bad input, and 50 simultaneous transitions with exactly one winner.
import { beforeAll, describe, expect, it, vi } from "vitest";
vi.hoisted(() => {
  process.env.PHASEGATE_TEST_CLOCK = "1";
});
import { personCaller, tokenCaller, type Caller } from "@/lib/auth/testing/principals";
import { advanceClock } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { reportHealthy } from "@/lib/health/testing/healthy";
import { readyToAdvance } from "@/lib/readiness/testing/ready";
import { fromColumns, fromWire, toWire } from "@/lib/flags/value";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { effectiveFlagState } from "@/lib/rollout/effective-state";
import { PLAN_FLAGS, PLAN_PHASES } from "@/lib/rollout/plan";

import type { RolloutOverviewDto, TransitionResultDto } from "@/lib/rollout/serializers";
import * as advanceRoute from "./advance/route";
import * as emergencyRoute from "./emergency/route";
import * as reapplyRoute from "./reapply/route";
import * as rollbackRoute from "./rollback/route";
import * as overviewRoute from "./route";
import * as startRoute from "./start/route";
import * as flagRoute from "../flags/[key]/route";
import * as previewRoute from "./preview/route";

const ROUTES = {
  start: startRoute.POST,
  advance: advanceRoute.POST,
  rollback: rollbackRoute.POST,
  reapply: reapplyRoute.POST,
  emergency: emergencyRoute.POST,
};
type Action = keyof typeof ROUTES;

let operator: Caller;
let admin: Caller;
beforeAll(async () => {
  operator = await personCaller("operator");
  admin = await personCaller("admin");
});

// The health and readiness gates need evidence: every advance here happens with steady telemetry reported
// (lib/health/testing) and a READY readiness run (lib/readiness/testing).
const call = (action: Action, body: Record<string, unknown>, caller: Caller = operator): Promise<Response> => {
  const send = () => callRoute(ROUTES[action], `/api/v1/rollout/${action}`, { body, headers: caller.headers });
  const reporting = action === "advance" ? readyToAdvance(reportHealthy()) : undefined;
  return reporting ? reporting.then(send) : send();
};
const overview = async () =>
  jsonOf<RolloutOverviewDto>(await callRoute(overviewRoute.GET, "/api/v1/rollout", { headers: operator.headers }));

async function flagState(): Promise<Record<string, string | number>> {
  const flags = await db().flag.findMany({ orderBy: { key: "asc" } });
  return Object.fromEntries(flags.map((f) => [f.key, toWire(fromColumns(f.kind, f.percentage))]));
}
const settings = PLAN_PHASES.map((p) => ({
  number: p.number,
  flags: new Map(Object.entries(p.flags).map(([k, v]) => [k, fromWire(v)])),
}));
const expected = (phase: number, forcedOff: string[] = []) => {
  const state = Object.fromEntries(
    [
      ...effectiveFlagState(
        settings,
        phase,
        PLAN_FLAGS.map((f) => f.key),
      ),
    ].map(([k, v]) => [k, toWire(v)]),
  );
  for (const key of forcedOff) state[key] = "off";
  return state;
};
async function soak() {
  const { state, phases } = await overview();
  const monitor = phases.find((p) => p.number === state.currentPhase)?.monitorForMinutes ?? 0;
  advanceClock(monitor * 60_000);
  await readyToAdvance(reportHealthy());
}
async function ok(action: Action, body: Record<string, unknown>, caller?: Caller) {
  const response = await call(action, { reason: `test ${action}`, ...body }, caller);
  expect(response.status, await response.clone().text()).toBe(200);
  return jsonOf<TransitionResultDto>(response);
}

describe("the rollout engine", () => {
  it("applies each phase's whole cumulative state, one audited event per transition with every changed flag", async () => {
    const started = await ok("start", { from: null });
    expect(started).toMatchObject({ changed: true, from: null, to: 1 });
    expect(await flagState()).toEqual(expected(1));
    for (const phase of [2, 3, 4, 5]) {
      await soak();
      const { state } = await overview();
      const result = await ok("advance", { expectedVersion: state.version });
      expect(result).toMatchObject({ from: phase - 1, to: phase });
      expect(await flagState()).toEqual(expected(phase));
    }
    const audit = await db().auditEvent.findMany({ where: { action: "phase.advanced" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(5);
    expect(audit[2]).toMatchObject({
      targetId: "phase:3",
      reason: "test advance",
      before: { phase: 2, flags: { use_persistent_agents: "off" } },
      after: { phase: 3, flags: { use_persistent_agents: "on" } },
    });
    expect(await db().alert.count({ where: { kind: "transition" } })).toBe(5);
  });

  it("refuses to advance past the last phase with 400 naming the field, changing nothing", async () => {
    const before = JSON.stringify([await flagState(), await db().auditEvent.count()]);
    const response = await call("advance", { reason: "one more" });
    expect(response.status).toBe(400);
    expect(await jsonOf(response)).toMatchObject({ invalid_params: [{ name: "body.action" }] });
    expect(JSON.stringify([await flagState(), await db().auditEvent.count()])).toBe(before);
  });

  it("rolls back to the whole previous state: a flag turned on in phase 3 is off again at phase 2", async () => {
    await ok("rollback", { from: 5 }); // 5 -> 4
    await ok("rollback", { expectedVersion: (await overview()).state.version }); // 4 -> 3
    const result = await ok("rollback", { from: 3 });
    expect(result).toMatchObject({ from: 3, to: 2 });
    const flags = await flagState();
    expect(flags.use_persistent_agents).toBe("off");
    expect(flags).toEqual(expected(2));
    expect((await overview()).state).toMatchObject({ currentPhase: 2, status: "rolled_back" });
    expect(await db().alert.count({ where: { kind: "rollback", severity: "warning" } })).toBe(3);
  });

  it("refuses an advance before the soak time with 409 listing the unmet gate; an admin may override, audited", async () => {
    const { state } = await overview();
    const refused = await call("advance", { expectedVersion: state.version, reason: "too early" });
    expect(refused.status).toBe(409);
    const problem = await jsonOf<{ unmet: string[]; gates: { name: string; status: string }[] }>(refused);
    expect(problem.unmet).toEqual(["soak"]);
    expect(problem.gates[0]).toMatchObject({ name: "soak", status: "fail" });

    const notAdmin = await call("advance", { expectedVersion: state.version, override: true, reason: "I insist" });
    expect(notAdmin.status).toBe(403);
    expect((await overview()).state.currentPhase).toBe(2);

    const overridden = await ok("advance", { expectedVersion: state.version, override: true, reason: "hotfix" }, admin);
    expect(overridden).toMatchObject({ to: 3, overridden: ["soak"] });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "rollout.gate_overridden" } });
    expect(audit).toMatchObject({ reason: "hotfix", targetId: "phase:3" });
  });

  it("emergency rollback: phase 1 with the forced-off list, an alert, and a second press changes nothing", async () => {
    const first = await ok("emergency", { reason: "coordinators crashing" });
    expect(first).toMatchObject({ changed: true, to: 1 });
    expect(await flagState()).toEqual(
      expected(1, ["use_v2_coordinator", "use_persistent_agents", "enforce_supervised_tasks"]),
    );
    expect(await db().alert.count({ where: { kind: "rollback", severity: "critical" } })).toBe(1);
    const auditCount = await db().auditEvent.count();
    const version = (await overview()).state.version;

    const second = await ok("emergency", { reason: "pressed again" });
    expect(second).toMatchObject({ changed: false, changes: [] });
    expect(second.message).toMatch(/nothing changed/);
    expect(await db().auditEvent.count()).toBe(auditCount);
    expect((await overview()).state.version).toBe(version);
  });

  it("shows a flag changed by hand as drift, and re-apply puts it back", async () => {
    const patch = await callRoute(flagRoute.PATCH, "/api/v1/flags/use_new_error_handling", {
      method: "PATCH",
      params: { key: "use_new_error_handling" },
      body: { value: "off", reason: "by hand" },
      headers: operator.headers,
    });
    expect(patch.status).toBe(200);
    expect((await overview()).drift).toEqual([{ key: "use_new_error_handling", expected: "on", actual: "off" }]);
    const result = await ok("reapply", { from: 1 });
    expect(result.changes).toEqual([expect.objectContaining({ key: "use_new_error_handling", after: "on" })]);
    expect((await overview()).drift).toEqual([]);
    expect((await ok("reapply", {})).changed).toBe(false);
  });

  it("refuses bad input with 400 naming the field and changes nothing", async () => {
    const before = JSON.stringify([await flagState(), await db().auditEvent.count()]);
    for (const [action, body, field] of [
      ["rollback", {}, "body.reason"],
      ["rollback", { reason: "no version, no phase" }, "body.from"],
      ["emergency", { reason: "" }, "body.reason"],
      ["advance", { reason: "ok reason", from: 0 }, "body.from"],
      ["advance", { reason: "ok reason", expectedVersion: "3" }, "body.expectedVersion"],
    ] as const) {
      const response = await call(action, body);
      expect(response.status, `${action} ${JSON.stringify(body)}`).toBe(400);
      const problem = await jsonOf<{ invalid_params: { name: string }[] }>(response);
      expect(problem.invalid_params.map((p) => p.name)).toContain(field);
    }
    expect(JSON.stringify([await flagState(), await db().auditEvent.count()])).toBe(before);
  });

  it("50 simultaneous transitions from two kinds of caller: exactly one wins, the rest get 409 with the current state", async () => {
    await soak();
    const { state } = await overview();
    const token = await tokenCaller(["operate"]);
    const auditBefore = await db().auditEvent.count();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(
          i % 2 ? "advance" : "rollback",
          { expectedVersion: state.version, reason: `race ${i}` },
          i % 3 ? operator : token,
        ),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = await jsonOf<TransitionResultDto>(responses[statuses.indexOf(200)]!);
    const loser = await jsonOf<{ current: { version: number } }>(responses[statuses.indexOf(409)]!);
    expect(loser.current.version).toBeGreaterThanOrEqual(state.version);

    expect(await flagState()).toEqual(expected(winner.to));
    const after = await overview();
    expect(after.state).toMatchObject({ currentPhase: winner.to, version: state.version + 1 });
    // One transition event and its alert, nothing from the losers.
    const written = await db().auditEvent.findMany({
      where: { id: { gt: BigInt(0) } },
      orderBy: { id: "desc" },
      take: 2,
    });
    expect(await db().auditEvent.count()).toBe(auditBefore + 2);
    expect(written.map((e) => e.action).sort()).toEqual(
      ["alert.opened", winner.action === "advance" ? "phase.advanced" : "phase.rolled_back"].sort(),
    );
  });

  it("without a version, 50 advances naming the phase they saw queue on the lock: one wins, 49 get 409", async () => {
    // From phase 1, so the winner moves the phase and every later request's `from` is stale.
    await ok("emergency", { reason: "back to phase 1 for the race" });
    await soak();
    const { state } = await overview();
    expect(state.currentPhase).toBe(1);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call("advance", { from: 1, reason: `queued ${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect((await overview()).state).toMatchObject({ currentPhase: 2, version: state.version + 1 });
    expect(await flagState()).toEqual(expected(2));
  });

  it("20 simultaneous emergency presses: every one answers 200, exactly one changes anything", async () => {
    await soak();
    await ok("advance", {}, admin);
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const response = await call("emergency", { reason: `panic ${i}` });
        expect(response.status).toBe(200);
        return jsonOf<TransitionResultDto>(response);
      }),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(
      await db().auditEvent.count({ where: { action: "rollout.emergency_rollback", reason: { startsWith: "panic" } } }),
    ).toBe(1);
  });

  it("a rollback at phase 1 re-applies phase 1 once: of 50 at once, one transition and 49 × 409 with the current state", async () => {
    expect((await overview()).state.currentPhase).toBe(1);
    const setByHand = (value: string) =>
      callRoute(flagRoute.PATCH, "/api/v1/flags/use_new_error_handling", {
        method: "PATCH",
        params: { key: "use_new_error_handling" },
        body: { value, reason: "by hand" },
        headers: operator.headers,
      });
    expect((await setByHand("off")).status).toBe(200);
    const { state } = await overview();
    const token = await tokenCaller(["operate"]);
    const auditBefore = await db().auditEvent.count();
    // Naming the phase only (no version), as a CLI and a browser would both do: they queue on the lock.
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call("rollback", { from: 1, reason: `twice ${i}` }, i % 2 ? operator : token),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = await jsonOf<TransitionResultDto>(responses[statuses.indexOf(200)]!);
    expect(winner).toMatchObject({ from: 1, to: 1, changed: true });
    expect(winner.changes).toEqual([expect.objectContaining({ key: "use_new_error_handling", after: "on" })]);
    const loser = await jsonOf<{ detail: string; current: { version: number; currentPhase: number } }>(
      responses[statuses.indexOf(409)]!,
    );
    expect(loser.detail).toMatch(/nothing changed/);
    expect(loser.current).toMatchObject({ currentPhase: 1, version: state.version + 1 });
    expect(await flagState()).toEqual(
      expected(1, ["use_v2_coordinator", "use_persistent_agents", "enforce_supervised_tasks"]),
    );
    expect(await db().auditEvent.count()).toBe(auditBefore + 2); // phase.rolled_back and its alert
    // The same with the version the operator saw: the stale ones are refused before anything is read.
    expect((await setByHand("off")).status).toBe(200);
    const seen = (await overview()).state.version;
    const versioned = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call("rollback", { expectedVersion: seen, reason: `versioned ${i}` })),
    );
    expect(versioned.map((r) => r.status).sort()).toEqual([200, ...Array<number>(49).fill(409)]);
    expect((await overview()).state.version).toBe(seen + 1);
    // Nothing left to do: the preview says so and the button is not offered.
    const preview = await callRoute(previewRoute.GET, "/api/v1/rollout/preview?action=rollback", {
      headers: operator.headers,
    });
    expect(await jsonOf(preview)).toMatchObject({ allowed: false, refusal: expect.stringMatching(/nothing changed/) });
  });
});
