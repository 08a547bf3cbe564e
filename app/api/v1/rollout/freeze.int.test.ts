// Freeze and unfreeze through their routes, against a real database: one freeze state shared with the guard's
// freeze after an automatic rollback (its acknowledge ends an operator's freeze too), advance refused while frozen,
// rollbacks still possible and leaving it frozen, every step audited and on the timeline, bad input changing nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { personCaller, type Caller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { guardStatus } from "@/lib/health/service";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import type { RolloutOverviewDto, TimelineEntryDto } from "@/lib/rollout/serializers";
import * as acknowledgeRoute from "../guard/acknowledge/route";
import * as advanceRoute from "./advance/route";
import * as freezeRoute from "./freeze/route";
import * as rollbackRoute from "./rollback/route";
import * as overviewRoute from "./route";
import * as startRoute from "./start/route";
import * as timelineRoute from "./timeline/route";
import * as unfreezeRoute from "./unfreeze/route";

let operator: Caller;
let admin: Caller;
beforeAll(async () => {
  operator = await personCaller("operator");
  admin = await personCaller("admin");
});

type Handler = typeof freezeRoute.POST;
const post = (handler: Handler, path: string, body: Record<string, unknown>, caller = operator) =>
  callRoute(handler, path, { body, headers: caller.headers });
const overview = async () =>
  jsonOf<RolloutOverviewDto>(await callRoute(overviewRoute.GET, "/api/v1/rollout", { headers: operator.headers }));
const fingerprint = async () =>
  JSON.stringify([await db().rolloutState.findUnique({ where: { id: 1 } }), await db().auditEvent.count()]);

describe("freeze and unfreeze", () => {
  it("refuses bad input with 400 naming the field and changes nothing", async () => {
    const before = await fingerprint();
    for (const [handler, path, body, field] of [
      [freezeRoute.POST, "/api/v1/rollout/freeze", {}, "body.reason"],
      [freezeRoute.POST, "/api/v1/rollout/freeze", { reason: " " }, "body.reason"],
      [
        unfreezeRoute.POST,
        "/api/v1/rollout/unfreeze",
        { reason: "ok reason", expectedVersion: "2" },
        "body.expectedVersion",
      ],
      [unfreezeRoute.POST, "/api/v1/rollout/unfreeze", { expectedVersion: 1 }, "body.reason"],
    ] as const) {
      const response = await post(handler, path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = await jsonOf<{ invalid_params: { name: string }[] }>(response);
      expect(problem.invalid_params.map((p) => p.name)).toContain(field);
    }
    expect(await fingerprint()).toBe(before);
  });

  it("freezes: advance refused, the Overview says why, a second freeze is 409, a rollback leaves it frozen", async () => {
    const started = await post(startRoute.POST, "/api/v1/rollout/start", { from: null, reason: "go ahead" });
    expect(started.status, await started.clone().text()).toBe(200);
    const advanced = await post(
      advanceRoute.POST,
      "/api/v1/rollout/advance",
      { from: 1, override: true, reason: "to phase 2" },
      admin,
    );
    expect(advanced.status).toBe(200);
    const { state } = await overview();
    const flagsBefore = await db().flag.findMany({ orderBy: { key: "asc" } });

    const frozen = await post(freezeRoute.POST, "/api/v1/rollout/freeze", {
      expectedVersion: state.version,
      reason: "investigating a latency report",
    });
    expect(frozen.status, await frozen.clone().text()).toBe(200);
    expect(await jsonOf(frozen)).toMatchObject({ state: { status: "frozen", version: state.version + 1 } });
    expect(await db().flag.findMany({ orderBy: { key: "asc" } })).toEqual(flagsBefore);
    expect((await guardStatus()).frozen).toMatchObject({ reason: expect.stringContaining("investigating a latency") });

    const again = await post(freezeRoute.POST, "/api/v1/rollout/freeze", { reason: "double click" });
    expect(again.status).toBe(409);
    expect(await jsonOf(again)).toMatchObject({ current: { status: "frozen" } });

    const refused = await post(
      advanceRoute.POST,
      "/api/v1/rollout/advance",
      { from: 2, override: true, reason: "try anyway" },
      admin,
    );
    expect(refused.status).toBe(409);
    expect(await jsonOf(refused)).toMatchObject({ detail: expect.stringMatching(/frozen/) });

    const rolledBack = await post(rollbackRoute.POST, "/api/v1/rollout/rollback", { from: 2, reason: "be safe" });
    expect(rolledBack.status).toBe(200);
    expect((await overview()).state).toMatchObject({ currentPhase: 1, status: "frozen" });
  });

  it("unfreezes to the status the rollout would have had, audited, and on the timeline", async () => {
    const unfrozen = await post(unfreezeRoute.POST, "/api/v1/rollout/unfreeze", { reason: "latency explained" });
    expect(unfrozen.status, await unfrozen.clone().text()).toBe(200);
    expect((await overview()).state).toMatchObject({ currentPhase: 1, status: "rolled_back" });
    expect((await guardStatus()).frozen).toBeNull();
    const again = await post(unfreezeRoute.POST, "/api/v1/rollout/unfreeze", { reason: "double click" });
    expect(again.status).toBe(409);

    const timeline = await jsonOf<TimelineEntryDto[]>(
      await callRoute(timelineRoute.GET, "/api/v1/rollout/timeline", { headers: operator.headers }),
    );
    const actions = timeline.map((e) => e.action);
    expect(actions.slice(0, actions.indexOf("rollout.frozen") + 1)).toEqual(
      expect.arrayContaining(["rollout.unfrozen", "phase.rolled_back", "rollout.frozen"]),
    );
    const audit = await db().auditEvent.findMany({
      where: { action: { in: ["rollout.frozen", "rollout.unfrozen"] } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ["rollout.frozen", expect.stringContaining("investigating a latency report")],
      ["rollout.unfrozen", "latency explained"],
    ]);
  });

  it("the guard's acknowledge and the operator's unfreeze are one freeze: either ends the other's", async () => {
    expect((await post(freezeRoute.POST, "/api/v1/rollout/freeze", { reason: "hold everything" })).status).toBe(200);
    const acknowledged = await post(acknowledgeRoute.POST, "/api/v1/guard/acknowledge", { reason: "seen" });
    expect(acknowledged.status).toBe(200);
    expect((await overview()).state.status).toBe("rolled_back");
    expect((await guardStatus()).frozen).toBeNull();
  });
});
