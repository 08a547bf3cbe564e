import { afterAll, describe, expect, it } from "vitest";
import * as flagsRoute from "@/app/api/v1/flags/route";
import * as flagRoute from "@/app/api/v1/flags/[key]/route";
import * as evaluateRoute from "@/app/api/v1/flags/[key]/evaluate/route";
import * as knownIdsRoute from "@/app/api/v1/flags/[key]/known-ids/route";
import { personCaller, tokenCaller, type Caller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { stopNotifyListener } from "@/lib/db/notify";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { evaluatedIdsSampler } from "@/lib/flags/evaluated-ids-store";
import { flagBucket } from "@/lib/flags/phash2";
import type { EvaluationDto, FlagDto, KnownIdsDto } from "@/lib/flags/serializers";
import { stopFlagSnapshot } from "@/lib/flags/snapshot-store";

afterAll(async () => {
  stopFlagSnapshot();
  await stopNotifyListener();
});

const patch = (key: string, body: unknown, caller: Caller) =>
  callRoute(flagRoute.PATCH, `/api/v1/flags/${key}`, {
    method: "PATCH",
    params: { key },
    body,
    headers: caller.headers,
  });
const evaluate = (key: string, query: Record<string, string>, caller: Caller) =>
  callRoute(evaluateRoute.GET, `/api/v1/flags/${key}/evaluate`, { params: { key }, query, headers: caller.headers });

async function fingerprint() {
  const flags = await db().flag.findMany({ orderBy: { key: "asc" } });
  return JSON.stringify([flags, await db().auditEvent.count()]);
}

describe("creating flags", () => {
  it("creates an off flag by default, audited", async () => {
    const admin = await personCaller("admin");
    const response = await callRoute(flagsRoute.POST, "/api/v1/flags", {
      body: { key: "use_new_cache", description: "Cache v2", reason: "new work" },
      headers: admin.headers,
    });
    expect(response.status).toBe(201);
    expect(await jsonOf<FlagDto>(response)).toMatchObject({ key: "use_new_cache", value: "off", version: 1 });
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "flag.created", targetId: "use_new_cache" },
    });
    expect(audit.after).toMatchObject({ value: "off" });
  });

  it.each([
    [{ key: "Use-Caps", reason: "x" }, "body.key"],
    [{ key: "9lives" }, "body.key"],
    [{ key: "use_v2_coordinator" }, "body.key"],
    [{ key: "ok_key", value: 101 }, "body.value"],
    [{ key: "ok_key", value: 2.5 }, "body.value"],
    [{ key: "ok_key", value: "50" }, "body.value"],
    [{ key: "a".repeat(256) }, "body.key"],
  ])("refuses %j with 400 naming %s, and changes nothing", async (body, field) => {
    const admin = await personCaller("admin");
    const before = await fingerprint();
    const response = await callRoute(flagsRoute.POST, "/api/v1/flags", { body, headers: admin.headers });
    expect(response.status).toBe(400);
    const problem = await jsonOf<{ invalid_params: { name: string }[] }>(response);
    expect(problem.invalid_params.map((p) => p.name)).toContain(field);
    expect(await fingerprint()).toBe(before);
  });

  it("refuses bodies over 64 KB with 413", async () => {
    const admin = await personCaller("admin");
    const before = await fingerprint();
    const response = await callRoute(flagsRoute.POST, "/api/v1/flags", {
      body: { key: "big_one", description: "x".repeat(70_000) },
      headers: admin.headers,
    });
    expect(response.status).toBe(413);
    expect(await fingerprint()).toBe(before);
  });
});

describe("changing a flag", () => {
  it("writes the value, bumps the version, names who did it, and audits before, after and why", async () => {
    const operator = await personCaller("operator");
    const before = await db().flag.findUniqueOrThrow({ where: { key: "use_v2_coordinator" } });
    const response = await patch(
      "use_v2_coordinator",
      { value: 10, reason: "start the canary", expectedVersion: before.version },
      operator,
    );
    expect(response.status).toBe(200);
    const flag = await jsonOf<FlagDto>(response);
    expect(flag).toMatchObject({ value: 10, version: before.version + 1 });
    expect(flag.updatedBy).toMatch(/^operator/);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "flag.changed", targetId: "use_v2_coordinator" },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({ reason: "start the canary", actorType: "user" });
    expect(audit.before).toMatchObject({ value: "off" });
    expect(audit.after).toMatchObject({ value: 10 });
  });

  it("needs a reason, a known flag and a valid value; refusals change nothing", async () => {
    const operator = await personCaller("operator");
    const before = await fingerprint();
    const noReason = await patch("use_sync_test_apis", { value: "on" }, operator);
    expect(noReason.status).toBe(400);
    expect((await jsonOf<{ invalid_params: { name: string }[] }>(noReason)).invalid_params[0]!.name).toBe(
      "body.reason",
    );
    expect((await patch("no_such_flag", { value: "on", reason: "why not" }, operator)).status).toBe(404);
    expect((await patch("use_sync_test_apis", { value: -1, reason: "bad value" }, operator)).status).toBe(400);
    expect((await patch("use_sync_test_apis", { reason: "nothing to change" }, operator)).status).toBe(400);
    const wrongType = await callRoute(flagRoute.PATCH, "/api/v1/flags/use_sync_test_apis", {
      method: "PATCH",
      params: { key: "use_sync_test_apis" },
      rawBody: "value=on",
      headers: { ...operator.headers, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(wrongType.status).toBe(400);
    expect(await fingerprint()).toBe(before);
  });

  it("refuses a stale version with 409 and the current flag; of two racing changes exactly one wins", async () => {
    const operator = await personCaller("operator");
    const { version } = await db().flag.findUniqueOrThrow({ where: { key: "use_reliable_messaging" } });
    const results = await Promise.all([
      patch("use_reliable_messaging", { value: "on", reason: "racer one", expectedVersion: version }, operator),
      patch("use_reliable_messaging", { value: 50, reason: "racer two", expectedVersion: version }, operator),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = await jsonOf<{ code: string; current: FlagDto }>(results.find((r) => r.status === 409)!);
    expect(loser.code).toBe("conflict");
    expect(loser.current.version).toBe(version + 1);
    expect(await db().auditEvent.count({ where: { action: "flag.changed", targetId: "use_reliable_messaging" } })).toBe(
      1,
    );
  });
});

describe("evaluating for one id", () => {
  it("answers enabled_for_id? exactly as erlang:phash2 buckets, from the live snapshot", async () => {
    const operator = await personCaller("operator");
    const evaluator = await tokenCaller(["evaluate"]);
    await patch("use_persistent_agents", { value: 37, reason: "split test" }, operator);
    await expect
      .poll(
        async () =>
          (await jsonOf<EvaluationDto>(await evaluate("use_persistent_agents", { id: "x" }, evaluator))).value,
      )
      .toBe(37);
    for (let i = 0; i < 100; i++) {
      const id = `agent-${i}`;
      const answer = await jsonOf<EvaluationDto>(await evaluate("use_persistent_agents", { id }, evaluator));
      expect(answer).toMatchObject({ reason: "SPLIT", bucket: flagBucket("use_persistent_agents", id, "string") });
      expect(answer.enabled).toBe(answer.bucket < 37);
    }
    const asInteger = await jsonOf<EvaluationDto>(
      await evaluate("use_persistent_agents", { id: "123456789012345678901234567890", idType: "integer" }, evaluator),
    );
    expect(asInteger.bucket).toBe(flagBucket("use_persistent_agents", "123456789012345678901234567890", "integer"));
  });

  it("refuses what cannot be evaluated", async () => {
    const evaluator = await tokenCaller(["evaluate"]);
    expect((await evaluate("nope", { id: "a" }, evaluator)).status).toBe(404);
    const noId = await evaluate("use_persistent_agents", {}, evaluator);
    expect((await jsonOf<{ invalid_params: { name: string }[] }>(noId)).invalid_params[0]!.name).toBe("query.id");
    expect((await evaluate("use_persistent_agents", { id: "12a", idType: "integer" }, evaluator)).status).toBe(400);
    expect((await evaluate("use_persistent_agents", { id: "a", idType: "float" }, evaluator)).status).toBe(400);
  });

  it("needs the evaluate permission unless anonymous evaluation is switched on", async () => {
    const ingest = await tokenCaller(["ingest"]);
    expect((await evaluate("use_sync_test_apis", { id: "a" }, ingest)).status).toBe(403);
    expect((await evaluate("use_sync_test_apis", { id: "a" }, { name: "anonymous", headers: {} })).status).toBe(401);
  });

  it("remembers the ids evaluated, for the change preview", async () => {
    const evaluator = await tokenCaller(["evaluate"]);
    const viewer = await personCaller("viewer");
    for (const id of ["n1", "n2", "n3"]) await evaluate("use_new_error_handling", { id }, evaluator);
    await evaluatedIdsSampler().flush();
    const known = await jsonOf<KnownIdsDto>(
      await callRoute(knownIdsRoute.GET, "/api/v1/flags/use_new_error_handling/known-ids", {
        params: { key: "use_new_error_handling" },
        headers: viewer.headers,
      }),
    );
    expect(known.ids.map((k) => k.id).sort()).toEqual(["n1", "n2", "n3"]);
  });
});
