// Plan editing, the emergency list, the runbook checklist and alerts through their routes: audited, validated
// field by field, and never applying flags behind the operator's back.
import { beforeAll, describe, expect, it } from "vitest";
import * as acknowledgeRoute from "@/app/api/v1/alerts/[id]/acknowledge/route";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import { personCaller, type Caller } from "@/lib/auth/testing/principals";
import type { AlertDto } from "@/lib/alerts/serializers";
import { db } from "@/lib/db/client";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import type { RolloutOverviewDto, TimelineEntryDto, TransitionResultDto } from "@/lib/rollout/serializers";
import * as emergencyFlagsRoute from "./emergency-flags/route";
import * as emergencyRoute from "./emergency/route";
import * as phaseRoute from "./phases/[number]/route";
import * as reapplyRoute from "./reapply/route";
import * as rollbackRoute from "./rollback/route";
import * as overviewRoute from "./route";
import * as runbookRoute from "./runbook/[id]/route";
import * as startRoute from "./start/route";
import * as timelineRoute from "./timeline/route";

let admin: Caller;
let operator: Caller;
beforeAll(async () => {
  admin = await personCaller("admin");
  operator = await personCaller("operator");
});

const overview = async () =>
  jsonOf<RolloutOverviewDto>(await callRoute(overviewRoute.GET, "/api/v1/rollout", { headers: operator.headers }));
const editPhase = (number: number, body: unknown, caller = admin) =>
  callRoute(phaseRoute.PATCH, `/api/v1/rollout/phases/${number}`, {
    method: "PATCH",
    params: { number: String(number) },
    body,
    headers: caller.headers,
  });
const post = (handler: typeof startRoute.POST, body: unknown) =>
  callRoute(handler, "/api/v1/rollout/x", { body, headers: operator.headers });
const fingerprint = async () =>
  JSON.stringify([
    await db().flag.findMany({ orderBy: { key: "asc" } }),
    await db().phase.findMany({ orderBy: { number: "asc" }, include: { flagSettings: true, runbookItems: true } }),
    await db().auditEvent.count(),
  ]);

describe("plan editing", () => {
  it("refuses malformed edits with 400 naming the field, changing nothing", async () => {
    const before = await fingerprint();
    for (const [number, body, field, status] of [
      [2, { settings: { no_such_flag: "on" }, reason: "typo" }, "body.settings.no_such_flag", 400],
      [2, { settings: { use_v2_coordinator: 101 }, reason: "too much" }, "body.settings.use_v2_coordinator", 400],
      [2, { name: "  ", reason: "blank" }, "body.name", 400],
      [2, { name: "Staging" }, "body.reason", 400],
      [2, { monitorForMinutes: -5, reason: "negative" }, "body.monitorForMinutes", 400],
      [2, { runbook: [{ section: "checks", text: " " }], reason: "blank" }, "body.runbook.0.text", 400],
      [
        2,
        { runbook: [{ section: "pre_deployment", text: "Back up", durationMinutes: 10 }], reason: "step with time" },
        "body.runbook.0.durationMinutes",
        400,
      ],
      [
        2,
        { runbook: [{ section: "checks", text: "Watch errors", durationMinutes: 0 }], reason: "no time" },
        "body.runbook.0.durationMinutes",
        400,
      ],
      [2, { runbook: [{ section: "later", text: "x" }], reason: "bad section" }, "body.runbook.0.section", 400],
    ] as const) {
      const response = await editPhase(number, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const problem = await jsonOf<{ invalid_params: { name: string }[] }>(response);
      expect(problem.invalid_params.map((p) => p.name)).toContain(field);
    }
    expect((await editPhase(9, { name: "Ghost", reason: "no such phase" })).status).toBe(404);
    expect((await editPhase(2, { name: "Staging", reason: "not mine" }, operator)).status).toBe(403);
    expect(await fingerprint()).toBe(before);
  });

  it("an edit is audited and never applies flags: the change shows as drift until the phase is re-applied", async () => {
    expect((await post(startRoute.POST, { reason: "kick-off" })).status).toBe(200);
    const flagsBefore = await db().flag.findMany({ orderBy: { key: "asc" } });
    const response = await editPhase(1, {
      name: "Development (edited)",
      monitorForMinutes: 45,
      settings: { use_reliable_messaging: "on", use_sync_test_apis: null },
      reason: "messaging is ready early",
    });
    expect(response.status).toBe(200);
    expect(await db().flag.findMany({ orderBy: { key: "asc" } })).toEqual(flagsBefore);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "plan.changed" } });
    expect(audit).toMatchObject({
      targetId: "1",
      reason: "messaging is ready early",
      after: { monitorForMinutes: 45 },
    });
    const { drift, phases } = await overview();
    expect(phases[0]).toMatchObject({ name: "Development (edited)", monitorForMinutes: 45 });
    expect(drift).toEqual([
      { key: "use_reliable_messaging", expected: "on", actual: "off" },
      { key: "use_sync_test_apis", expected: "off", actual: "on" },
    ]);
    const reapplied = await jsonOf<TransitionResultDto>(await post(reapplyRoute.POST, { reason: "apply the edit" }));
    expect(reapplied.changes.map((c) => c.key)).toEqual(["use_reliable_messaging", "use_sync_test_apis"]);
    expect((await overview()).drift).toEqual([]);
  });

  it("the emergency list is editable by admins, checked against the flags, and used by the next emergency", async () => {
    const put = (body: unknown) =>
      callRoute(emergencyFlagsRoute.PUT, "/api/v1/rollout/emergency-flags", {
        method: "PUT",
        body,
        headers: admin.headers,
      });
    const bad = await put({ flags: ["nope_flag"], reason: "typo" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await jsonOf(bad))).toContain("nope_flag");
    expect((await put({ flags: ["use_reliable_messaging"], reason: "messaging is the risk now" })).status).toBe(200);
    expect((await overview()).emergencyForcedOff).toEqual(["use_reliable_messaging"]);
    const result = await jsonOf<TransitionResultDto>(await post(emergencyRoute.POST, { reason: "messages lost" }));
    expect(result.changes).toEqual([expect.objectContaining({ key: "use_reliable_messaging", after: "off" })]);
  });
});

describe("the runbook", () => {
  it("an admin edits a phase's runbook items, checks with how long to watch; the overview and checklist show them", async () => {
    const runbook = [
      { section: "pre_deployment", text: "Page the on-call", durationMinutes: null },
      { section: "checks", text: "Watch the error rate", durationMinutes: 45 },
      { section: "post_deployment", text: "Close the change ticket", durationMinutes: null },
    ];
    const response = await editPhase(2, { runbook, reason: "runbook for phase 2" });
    expect(response.status, await response.clone().text()).toBe(200);
    expect((await overview()).phases.find((p) => p.number === 2)!.runbook).toEqual(runbook);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "plan.changed", reason: "runbook for phase 2" },
    });
    expect(audit.after).toMatchObject({ runbook });
  });

  it("ticks are audited and belong to one entry into the phase; re-entering starts unticked", async () => {
    const { runbook, state } = await overview();
    expect(state.currentPhase).toBe(1);
    const item = runbook.find((i) => i.section === "pre_deployment")!;
    expect(item.text).toMatch(/readiness check/);
    const tick = await callRoute(runbookRoute.PUT, `/api/v1/rollout/runbook/${item.id}`, {
      method: "PUT",
      params: { id: String(item.id) },
      body: { ticked: true },
      headers: operator.headers,
    });
    expect(tick.status).toBe(200);
    expect((await overview()).runbook.find((i) => i.id === item.id)).toMatchObject({ ticked: true });
    expect(await db().auditEvent.findFirst({ where: { action: "runbook.ticked" } })).toMatchObject({
      targetId: String(item.id),
      after: { ticked: true },
    });
    // Rolling back from phase 1 re-applies phase 1: a new entry, so the checklist starts again.
    expect((await post(rollbackRoute.POST, { from: 1, reason: "start phase 1 over" })).status).toBe(200);
    expect((await overview()).runbook.find((i) => i.id === item.id)).toMatchObject({ ticked: false });
  });
});

describe("alerts and the timeline", () => {
  it("lists the alerts transitions opened; acknowledging records who, once", async () => {
    const alerts = await jsonOf<AlertDto[]>(
      await callRoute(alertsRoute.GET, "/api/v1/alerts", { query: { status: "open" }, headers: operator.headers }),
    );
    const emergency = alerts.find((a) => a.title === "Emergency rollback")!;
    expect(emergency).toMatchObject({ kind: "rollback", severity: "critical", acknowledgedBy: null });
    const ack = () =>
      callRoute(acknowledgeRoute.POST, `/api/v1/alerts/${emergency.id}/acknowledge`, {
        params: { id: emergency.id },
        headers: operator.headers,
        method: "POST",
      });
    expect(await jsonOf<AlertDto>(await ack())).toMatchObject({ acknowledgedBy: expect.any(String) });
    const count = await db().auditEvent.count({ where: { action: "alert.acknowledged" } });
    expect((await ack()).status).toBe(200);
    expect(await db().auditEvent.count({ where: { action: "alert.acknowledged" } })).toBe(count);
    const bad = await callRoute(acknowledgeRoute.POST, "/api/v1/alerts/nope/acknowledge", {
      params: { id: "nope" },
      headers: operator.headers,
      method: "POST",
    });
    expect(bad.status).toBe(400);
  });

  it("the timeline shows transitions, the override-free emergency and alerts with who and why", async () => {
    const timeline = await jsonOf<TimelineEntryDto[]>(
      await callRoute(timelineRoute.GET, "/api/v1/rollout/timeline", { headers: operator.headers }),
    );
    const actions = timeline.map((e) => e.action);
    for (const action of ["phase.advanced", "plan.changed", "rollout.emergency_rollback", "alert.opened"])
      expect(actions).toContain(action);
    expect(timeline.find((e) => e.action === "rollout.emergency_rollback")).toMatchObject({ reason: "messages lost" });
  });
});
