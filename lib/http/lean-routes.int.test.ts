// The lean routes in a real node:http server (not the Next app), driven by the official OpenFeature server SDK
// with its OFREP provider, by plain HTTP for the protocol's edges, and by server-sent event clients.
import { ErrorCode, OpenFeature, type Client } from "@openfeature/server-sdk";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../audit/record";
import { logout } from "../auth/session-service";
import { personCaller, signIn, tokenCaller, createPerson } from "../auth/testing/principals";
import { revokeToken } from "../auth/token-service";
import { updateUser } from "../auth/user-service";
import { db } from "../db/client";
import { notifyInTransaction } from "../db/notify";
import { openStream as openStreamAt, framesOf } from "../events/testing/stream-client";
import { evaluatedIdsSampler } from "../flags/evaluated-ids-store";
import { changeFlag } from "../flags/testing/change-flag";
import { isEnabledForId, OFF, ON, percentage } from "../flags/value";
import { waitFor } from "../testing/wait-for";
import { startLeanServer, type LeanServer } from "./testing/lean-server";

// Real API tokens through the real authenticator: one may evaluate, one (ingest) is known but lacks the scope.
let TOKEN: string;
let INGEST_TOKEN: string;
let OPERATE_TOKEN: string;

let server: LeanServer;
let baseUrl: string;
let flags: Client;

beforeAll(async () => {
  TOKEN = (await tokenCaller(["evaluate"])).headers.authorization!.slice("Bearer ".length);
  INGEST_TOKEN = (await tokenCaller(["ingest"])).headers.authorization!.slice("Bearer ".length);
  OPERATE_TOKEN = (await tokenCaller(["operate"])).headers.authorization!.slice("Bearer ".length);
  server = await startLeanServer();
  baseUrl = server.baseUrl;
  await OpenFeature.setProviderAndWait(new OFREPProvider({ baseUrl, headers: { authorization: `Bearer ${TOKEN}` } }));
  flags = OpenFeature.getClient();
});

afterAll(async () => {
  await OpenFeature.close();
  await server.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
  });

describe("OFREP through the OpenFeature server SDK", () => {
  it("evaluates on and off flags", async () => {
    await changeFlag(db(), "use_sync_test_apis", ON);
    await waitFor(
      "the SDK to see use_sync_test_apis on",
      async () => (await flags.getBooleanValue("use_sync_test_apis", false)) === true,
    );
    const on = await flags.getBooleanDetails("use_sync_test_apis", false, { targetingKey: "agent-1" });
    expect(on).toMatchObject({ value: true, reason: "STATIC", variant: "on" });
    expect(on.flagMetadata).toMatchObject({ version: 2 });
    const off = await flags.getBooleanDetails("use_persistent_agents", true);
    expect(off).toMatchObject({ value: false, reason: "DISABLED", variant: "off" });
    expect(off.errorCode).toBeUndefined();
  });

  it("splits a percentage flag exactly as erlang:phash2 does, for 500 targeting keys", async () => {
    await changeFlag(db(), "use_v2_coordinator", percentage(30));
    await waitFor(
      "the split to be served",
      async () =>
        (await flags.getBooleanDetails("use_v2_coordinator", false, { targetingKey: "x" })).reason === "SPLIT",
    );
    let on = 0;
    for (let i = 0; i < 500; i++) {
      const [id, idType] = i % 5 === 4 ? [String(1000 + i), "integer" as const] : [`agent-${i}`, "string" as const];
      const details = await flags.getBooleanDetails(
        "use_v2_coordinator",
        !isEnabledForId("use_v2_coordinator", percentage(30), id, idType),
        {
          targetingKey: id,
          idType,
        },
      );
      expect(details.errorCode, id).toBeUndefined();
      expect(details.value, id).toBe(isEnabledForId("use_v2_coordinator", percentage(30), id, idType));
      if (details.value) on++;
    }
    expect(on).toBeGreaterThan(100);
    expect(on).toBeLessThan(200);
  });

  it("returns the default with FLAG_NOT_FOUND for a missing flag", async () => {
    const details = await flags.getBooleanDetails("no_such_flag", true);
    expect(details).toMatchObject({ value: true, errorCode: ErrorCode.FLAG_NOT_FOUND, reason: "ERROR" });
  });

  it("returns the default with TARGETING_KEY_MISSING or INVALID_CONTEXT when the context cannot be split", async () => {
    expect(await flags.getBooleanDetails("use_v2_coordinator", true)).toMatchObject({
      value: true,
      errorCode: ErrorCode.TARGETING_KEY_MISSING,
    });
    const invalid = await flags.getBooleanDetails("use_v2_coordinator", true, {
      targetingKey: "agent-1",
      idType: "integer",
    });
    expect(invalid).toMatchObject({ value: true, errorCode: ErrorCode.INVALID_CONTEXT });
  });

  it("sees a change committed in the database (with NOTIFY) on a later evaluation", async () => {
    expect(await flags.getBooleanValue("use_reliable_messaging", true)).toBe(false);
    await changeFlag(db(), "use_reliable_messaging", ON);
    await waitFor(
      "the SDK to see use_reliable_messaging on",
      async () => (await flags.getBooleanValue("use_reliable_messaging", false)) === true,
    );
    await changeFlag(db(), "use_reliable_messaging", OFF);
    await waitFor("and off again", async () => (await flags.getBooleanValue("use_reliable_messaging", true)) === false);
  });

  it("gives the SDK's default when the token is refused", async () => {
    const other = OpenFeature.getClient("refused");
    await OpenFeature.setProviderAndWait("refused", new OFREPProvider({ baseUrl }));
    expect(await other.getBooleanDetails("use_sync_test_apis", false)).toMatchObject({
      value: false,
      errorCode: ErrorCode.GENERAL,
    });
  });
});

describe("the evaluation sample", () => {
  it("remembers the targeting keys OFREP evaluated, per flag, for the change preview", async () => {
    const body = JSON.stringify({ context: { targetingKey: "sampled-agent-7" } });
    expect((await post("/ofrep/v1/evaluate/flags", body)).status).toBe(200);
    expect((await post("/ofrep/v1/evaluate/flags/no_such_flag", body)).status).toBe(404);
    await evaluatedIdsSampler().flush();
    const rows = await db().evaluatedId.findMany({ where: { targetKey: "sampled-agent-7" } });
    expect(rows.map((r) => r.flagKey).sort()).toEqual(
      (await db().flag.findMany({ select: { key: true } })).map((f) => f.key).sort(),
    );
  });
});

describe("OFREP over plain HTTP", () => {
  it("answers bulk evaluation with an ETag and 304 for If-None-Match, until a flag changes", async () => {
    const body = JSON.stringify({ context: { targetingKey: "agent-7" } });
    const first = await post("/ofrep/v1/evaluate/flags", body);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    const json = (await first.json()) as { flags: { key: string }[]; eventStreams: unknown[] };
    expect(json.flags.map((f) => f.key)).toHaveLength(6);
    expect(json.eventStreams).toEqual([
      { type: "sse", endpoint: { requestUri: "/ofrep/v1/events" }, inactivityDelaySec: 120 },
    ]);
    const cached = await post("/ofrep/v1/evaluate/flags", body, { "if-none-match": etag });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");

    await changeFlag(db(), "use_new_error_handling", ON);
    const fresh = await waitFor("a new ETag", async () => {
      const response = await post("/ofrep/v1/evaluate/flags", body, { "if-none-match": etag });
      return response.status === 200 ? response : undefined;
    });
    expect(fresh.headers.get("etag")).not.toBe(etag);
  });

  it("refuses bad requests in OFREP's shapes", async () => {
    const single = "/ofrep/v1/evaluate/flags/use_sync_test_apis";
    const notJson = await post(single, "{nope");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ key: "use_sync_test_apis", errorCode: "PARSE_ERROR" });
    const wrongType = await post("/ofrep/v1/evaluate/flags", "{}", { "content-type": "text/plain" });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({
      errorCode: "PARSE_ERROR",
      errorDetails: expect.stringMatching(/Content-Type/),
    });
    const huge = await post(single, JSON.stringify({ context: { targetingKey: "x".repeat(70 * 1024) } }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ key: "use_sync_test_apis", errorCode: "PARSE_ERROR" });
    expect((await fetch(`${baseUrl}${single}`)).status).toBe(405);
    expect((await post("/ofrep/v1/nothing-here", "{}")).status).toBe(404);
  });

  it("answers 401 with a challenge and 403 for a token without the scope", async () => {
    const anonymous = await post("/ofrep/v1/evaluate/flags", "{}", { authorization: "" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await anonymous.json()).toEqual({
      errorDetails:
        'Send an API token with the evaluate scope ("Authorization: Bearer <token>" or "X-API-Key: <token>").',
    });
    const readOnly = await post("/ofrep/v1/evaluate/flags", "{}", { authorization: "", "x-api-key": INGEST_TOKEN });
    expect(readOnly.status).toBe(403);
    expect((await readOnly.json()) as { errorDetails: string }).toEqual({
      errorDetails: expect.stringMatching(/needs the evaluate permission/),
    });
  });
});

const openStream = (path: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  openStreamAt(`${baseUrl}${path}`, headers);

describe("live event streams", () => {
  it("announce a flag change: Phasegate's format and OFREP's refetchEvaluation", async () => {
    const events = await openStream("/api/v1/events", { authorization: `Bearer ${OPERATE_TOKEN}` });
    const ofrep = await openStream("/ofrep/v1/events");
    try {
      expect(events.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      await waitFor(
        "both streams to open",
        () => events.text.includes(": connected") && ofrep.text.includes(": connected"),
      );
      expect(events.text).toMatch(/^retry: \d+\n/);

      const version = await changeFlag(db(), "use_persistent_agents", percentage(5));
      const frame = await waitFor(
        "the flag.changed event",
        () => /event: flag\.changed\ndata: (.*)\n\n/.exec(events.text)?.[1],
      );
      expect(JSON.parse(frame)).toMatchObject({ key: "use_persistent_agents", version, value: 5 });
      const refetch = await waitFor("the refetchEvaluation message", () => /^data: (.*)\n\n/m.exec(ofrep.text)?.[1]);
      expect(JSON.parse(refetch)).toMatchObject({ type: "refetchEvaluation", etag: expect.any(String) });

      // Rollout events are streamed as they are; admin-only ones (token.*) not to an operate token. NOTIFY keeps commit order, so once the
      // phase event is there, the token event would have been too.
      await db().$transaction(async (tx) => {
        await notifyInTransaction(tx, { type: "token.created", tokenId: "t1" });
        await notifyInTransaction(tx, { type: "phase.advanced", from: 1, to: 2, version: 2 });
      });
      const phase = await waitFor(
        "the phase.advanced event",
        () => /event: phase\.advanced\ndata: (.*)\n\n/.exec(events.text)?.[1],
      );
      expect(JSON.parse(phase)).toEqual({ from: 1, to: 2, version: 2 });
      expect(events.text).not.toContain("token.created");
      expect(ofrep.text).not.toContain("phase");
    } finally {
      events.close();
      ofrep.close();
    }
  });

  it("refuse a caller the authenticator refuses, in each protocol's error shape", async () => {
    const problem = await fetch(`${baseUrl}/api/v1/events`);
    expect(problem.status).toBe(401);
    expect(problem.headers.get("content-type")).toBe("application/problem+json");
    expect(await problem.json()).toMatchObject({ status: 401, code: "unauthenticated" });
    const ofrep = await fetch(`${baseUrl}/ofrep/v1/events`, { headers: { "x-api-key": INGEST_TOKEN } });
    expect(ofrep.status).toBe(403);
    expect((await ofrep.json()) as { errorDetails: string }).toEqual({
      errorDetails: expect.stringMatching(/needs the evaluate permission/),
    });
  });

  it("open the dashboard stream only to callers who may read, each receiving only what its permission allows", async () => {
    expect((await fetch(`${baseUrl}/api/v1/events`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      403,
    );
    const viewer = await openStream("/api/v1/events", (await personCaller("viewer")).headers);
    const admin = await openStream("/api/v1/events", (await personCaller("admin")).headers);
    try {
      await waitFor(
        "both streams to open",
        () => viewer.text.includes(": connected") && admin.text.includes(": connected"),
      );
      const token = await tokenCaller(["evaluate"]);
      await waitFor("the admin to hear of the new token", () => framesOf(admin, "token.created").length > 0);
      await changeFlag(db(), "use_v2_coordinator", percentage(20));
      await waitFor("the viewer to hear of the flag change", () => framesOf(viewer, "flag.changed").length > 0);
      // NOTIFY keeps commit order: had the viewer been sent the token event, it would be there by now.
      expect(viewer.text).not.toContain("token.created");
      expect(framesOf(admin, "token.created")).toContainEqual({ tokenId: token.id });
    } finally {
      viewer.close();
      admin.close();
    }
  });

  it("end a stream when its token is revoked, its session signs out or its person is disabled", async () => {
    const token = await tokenCaller(["operate"]);
    const byToken = await openStream("/api/v1/events", token.headers);
    const leaving = await createPerson("viewer");
    const signedIn = await signIn(leaving.username);
    const bySession = await openStream("/api/v1/events", signedIn.headers);
    const disabled = await createPerson("operator");
    const disabledCaller = await signIn(disabled.username);
    const byPerson = await openStream("/api/v1/events", disabledCaller.headers);
    const bystander = await openStream("/api/v1/events", (await personCaller("viewer")).headers);
    await waitFor("every stream to open", () =>
      [byToken, bySession, byPerson, bystander].every((stream) => stream.text.includes(": connected")),
    );

    await revokeToken(token.id, SYSTEM_ACTOR, "test");
    await waitFor("the revoked token's stream to end", () => byToken.ended);
    const principal = await resolveFromCookie(signedIn.headers.cookie!);
    await logout(principal, "test");
    await waitFor("the signed-out session's stream to end", () => bySession.ended);
    await updateUser(disabled.id, { disabled: true, reason: "left the team" }, SYSTEM_ACTOR, "test");
    await waitFor("the disabled person's stream to end", () => byPerson.ended);

    expect(bystander.ended).toBe(false);
    // And they cannot simply reconnect.
    for (const headers of [token.headers, signedIn.headers, disabledCaller.headers]) {
      expect((await fetch(`${baseUrl}/api/v1/events`, { headers })).status).toBe(401);
    }
    bystander.close();
  });
});

async function resolveFromCookie(cookie: string) {
  const { resolveSession } = await import("../auth/session-service");
  const principal = await resolveSession(/pg_session=([^;]+)/.exec(cookie)![1]!);
  return principal!;
}

describe("a malformed session cookie on the lean path", () => {
  it("is no session: OFREP and the event stream answer 401 in their own shapes, not 500", async () => {
    const cookie = "pg_session=%E0%A4%A";
    const ofrep = await post("/ofrep/v1/evaluate/flags", "{}", { authorization: "", cookie });
    expect(ofrep.status).toBe(401);
    expect(await ofrep.json()).toMatchObject({ errorDetails: expect.stringMatching(/evaluate scope/) });
    const events = await fetch(`${baseUrl}/api/v1/events`, { headers: { cookie } });
    expect(events.status).toBe(401);
    expect(await events.json()).toMatchObject({ status: 401, code: "unauthenticated" });
  });
});
