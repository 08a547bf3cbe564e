import { describe, expect, it } from "vitest";
import { buildFlagSet, type FlagRow } from "./flag-set";
import {
  accessDenied,
  bulkEtag,
  etagMatches,
  evaluateAll as evaluateAllText,
  evaluateFlag,
  evaluateOne as evaluateOneText,
  parseEvaluationRequest,
  refetchEvaluationMessage,
  requestFailure,
  type BulkSuccess,
  type OfrepAnswer,
  type OfrepFailure,
  type OfrepSuccess,
} from "./ofrep";
import type { IdType } from "./phash2";
import { isEnabledForId, percentage } from "./value";

const ROWS: FlagRow[] = [
  { key: "use_v2_coordinator", kind: "percentage", percentage: 25, version: 4 },
  { key: "use_sync_test_apis", kind: "on", percentage: null, version: 2 },
  { key: "use_persistent_agents", kind: "off", percentage: null, version: 1 },
];
const flags = buildFlagSet(ROWS);

/** The answer with its JSON text parsed, as a client sees it. */
const parsed = ({ json, ...rest }: OfrepAnswer) => ({
  ...rest,
  body: json === undefined ? undefined : (JSON.parse(json) as unknown),
});
const evaluateOne = (...args: Parameters<typeof evaluateOneText>) => parsed(evaluateOneText(...args));
const evaluateAll = (...args: Parameters<typeof evaluateAllText>) => parsed(evaluateAllText(...args));

const request = (context?: unknown) => parseEvaluationRequest(JSON.stringify(context === undefined ? {} : { context }));
const forKey = (targetingKey: string, idType?: IdType) => request(idType ? { targetingKey, idType } : { targetingKey });

describe("OFREP single-flag evaluation", () => {
  it("answers an on flag with STATIC, true, variant on and the flag version", () => {
    expect(evaluateOne(flags, "use_sync_test_apis", request())).toEqual({
      status: 200,
      body: { key: "use_sync_test_apis", value: true, reason: "STATIC", variant: "on", metadata: { version: 2 } },
    });
  });

  it("answers an off flag with DISABLED, false, variant off", () => {
    expect(evaluateOne(flags, "use_persistent_agents", forKey("agent-1"))).toEqual({
      status: 200,
      body: {
        key: "use_persistent_agents",
        value: false,
        reason: "DISABLED",
        variant: "off",
        metadata: { version: 1 },
      },
    });
  });

  it("answers a percentage flag with SPLIT, exactly as enabled_for_id? decides, for every id type", () => {
    const ids: [string, IdType][] = [];
    for (let i = 0; i < 300; i++)
      ids.push([`agent-${i}`, "string"], [String(i * 7919 - 1000), "integer"], [`node_${i}@host`, "atom"]);
    let enabled = 0;
    for (const [id, idType] of ids) {
      const answer = evaluateOne(flags, "use_v2_coordinator", forKey(id, idType));
      const expected = isEnabledForId("use_v2_coordinator", percentage(25), id, idType);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ value: expected, reason: "SPLIT", variant: expected ? "on" : "off" });
      expect((answer.body as OfrepSuccess).metadata).toMatchObject({ version: 4, percentage: 25 });
      if (expected) enabled++;
    }
    // A sanity check that both answers occur, not a statistical test.
    expect(enabled).toBeGreaterThan(100);
    expect(enabled).toBeLessThan(800);
  });

  it("places nobody in a 0% rollout and everybody in a 100% rollout", () => {
    const zero = buildFlagSet([{ key: "f", kind: "percentage", percentage: 0, version: 1 }]);
    const all = buildFlagSet([{ key: "f", kind: "percentage", percentage: 100, version: 1 }]);
    for (let i = 0; i < 50; i++) {
      expect(evaluateOne(zero, "f", forKey(`id-${i}`)).body).toMatchObject({ value: false, reason: "SPLIT" });
      expect(evaluateOne(all, "f", forKey(`id-${i}`)).body).toMatchObject({ value: true, reason: "SPLIT" });
    }
  });

  it("reports TARGETING_KEY_MISSING (400) for a percentage flag without a targeting key, empty counting as missing", () => {
    for (const context of [undefined, {}, { targetingKey: "" }, { targetingKey: null }]) {
      const answer = evaluateOne(flags, "use_v2_coordinator", request(context));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ key: "use_v2_coordinator", errorCode: "TARGETING_KEY_MISSING" });
      expect((answer.body as OfrepFailure).errorDetails).toMatch(/targetingKey/);
    }
  });

  it("reports FLAG_NOT_FOUND (404) for an unknown key", () => {
    const answer = evaluateOne(flags, "no_such_flag", request());
    expect(answer).toMatchObject({ status: 404, body: { key: "no_such_flag", errorCode: "FLAG_NOT_FOUND" } });
  });

  it("reports PARSE_ERROR (400) for a body that is not JSON or not an object, with the key", () => {
    for (const text of ["", "{", "[]", "42", '"context"', "null"]) {
      const answer = evaluateOne(flags, "use_sync_test_apis", parseEvaluationRequest(text));
      expect(answer.status, text).toBe(400);
      expect(answer.body, text).toMatchObject({ key: "use_sync_test_apis", errorCode: "PARSE_ERROR" });
      expect(Object.keys(answer.body as object).sort()).toEqual(["errorCode", "errorDetails", "key"]);
    }
  });

  it("reports INVALID_CONTEXT (400) for a context it cannot hash", () => {
    const cases: unknown[] = [
      "agent-1",
      [],
      { targetingKey: "x", idType: "uuid" },
      { targetingKey: "x", idType: 3 },
      { targetingKey: 42 },
      { targetingKey: "42abc", idType: "integer" },
      { targetingKey: "4.2", idType: "integer" },
      { targetingKey: "a".repeat(256), idType: "atom" },
    ];
    for (const context of cases) {
      const answer = evaluateOne(flags, "use_sync_test_apis", request(context));
      expect(answer, JSON.stringify(context)).toMatchObject({ status: 400, body: { errorCode: "INVALID_CONTEXT" } });
    }
  });

  it("accepts signed and big integer ids, and other context attributes", () => {
    for (const id of ["-7", "+7", "123456789012345678901234567890"]) {
      expect(evaluateOne(flags, "use_v2_coordinator", forKey(id, "integer")).status).toBe(200);
    }
    expect(evaluateOne(flags, "use_v2_coordinator", request({ targetingKey: "a", region: "eu", tier: 3 })).status).toBe(
      200,
    );
  });
});

describe("OFREP bulk evaluation", () => {
  it("evaluates every flag in key order, with per-flag errors beside successes, and advertises the event stream", () => {
    const answer = evaluateAll(flags, request(), undefined);
    expect(answer.status).toBe(200);
    const body = answer.body as BulkSuccess;
    expect(body.flags.map((f) => f.key)).toEqual(["use_persistent_agents", "use_sync_test_apis", "use_v2_coordinator"]);
    expect(body.flags[0]).toMatchObject({ value: false, reason: "DISABLED" });
    expect(body.flags[1]).toMatchObject({ value: true, reason: "STATIC" });
    expect(body.flags[2]).toMatchObject({ key: "use_v2_coordinator", errorCode: "TARGETING_KEY_MISSING" });
    expect(body.eventStreams).toEqual([
      { type: "sse", endpoint: { requestUri: "/ofrep/v1/events" }, inactivityDelaySec: 120 },
    ]);
    expect(answer.headers?.etag).toMatch(/^"[^"]+"$/);
  });

  it("serialises every bulk entry exactly as the flag's evaluation, for every kind of answer", () => {
    const subjects = [
      request(),
      ...Array.from({ length: 200 }, (_, i) => forKey(String(i * 31 - 99), i % 2 ? "integer" : "string")),
    ];
    for (const subject of subjects) {
      if (!subject.ok) throw new Error("bad fixture");
      const entries = (evaluateAll(flags, subject, undefined).body as BulkSuccess).flags;
      expect(entries).toEqual([...flags.flags].map(([key, flag]) => evaluateFlag(key, flag, subject.subject)));
    }
  });

  it("fails the whole request on a bad body or context, without a key", () => {
    expect(evaluateAll(flags, parseEvaluationRequest("nope"), undefined)).toMatchObject({
      status: 400,
      body: { errorCode: "PARSE_ERROR" },
    });
    const invalid = evaluateAll(flags, request({ idType: "uuid" }), undefined);
    expect(invalid).toMatchObject({ status: 400, body: { errorCode: "INVALID_CONTEXT" } });
    expect(invalid.body).not.toHaveProperty("key");
  });

  it("keeps the ETag stable for the same flags and subject, and answers If-None-Match with 304 and no body", () => {
    const first = evaluateAll(flags, forKey("agent-1"), undefined);
    const again = evaluateAll(buildFlagSet([...ROWS].reverse()), forKey("agent-1"), undefined);
    expect(again.headers?.etag).toBe(first.headers?.etag);
    const etag = first.headers!.etag!;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const cached = evaluateAll(flags, forKey("agent-1"), header);
      expect(cached.status, header).toBe(304);
      expect(cached.body).toBeUndefined();
      expect(cached.headers?.etag).toBe(etag);
    }
    expect(evaluateAll(flags, forKey("agent-1"), '"stale"').status).toBe(200);
  });

  it("changes the ETag when any flag changes, is created or is deleted, and per subject", () => {
    const etagOf = (rows: FlagRow[], key = "agent-1", idType: IdType = "string") =>
      evaluateAll(buildFlagSet(rows), forKey(key, idType), undefined).headers!.etag;
    const base = etagOf(ROWS);
    const variants = [
      ROWS.map((r) => (r.key === "use_v2_coordinator" ? { ...r, percentage: 26, version: 5 } : r)),
      ROWS.map((r) => (r.key === "use_persistent_agents" ? { ...r, kind: "on" as const } : r)), // even without a version bump
      [...ROWS, { key: "new_flag", kind: "off" as const, percentage: null, version: 1 }],
      ROWS.slice(1),
      // Delete one flag and create another: same count and same versions.
      [...ROWS.slice(1), { key: "other_flag", kind: "off" as const, percentage: null, version: 1 }],
    ];
    const etags = new Set([base, ...variants.map((rows) => etagOf(rows))]);
    expect(etags.size).toBe(variants.length + 1);
    expect(etagOf(ROWS, "agent-2")).not.toBe(base);
    expect(etagOf(ROWS, "12", "integer")).not.toBe(etagOf(ROWS, "12", "string"));
    expect(bulkEtag(flags.etag, { targetingKey: undefined, idType: "string" })).not.toBe(base);
  });

  it("matches If-None-Match per RFC 9110", () => {
    expect(etagMatches('"a", "b"', '"b"')).toBe(true);
    expect(etagMatches('W/"b"', '"b"')).toBe(true);
    expect(etagMatches('"a"', '"b"')).toBe(false);
    expect(etagMatches("", '"b"')).toBe(false);
  });
});

describe("OFREP request failures, auth and stream messages", () => {
  it("shapes request failures with the key on the single endpoint only", () => {
    expect(parsed(requestFailure("f", "PARSE_ERROR", "too big", 413))).toEqual({
      status: 413,
      body: { key: "f", errorCode: "PARSE_ERROR", errorDetails: "too big" },
    });
    expect(parsed(requestFailure(null, "PARSE_ERROR", "bad"))).toEqual({
      status: 400,
      body: { errorCode: "PARSE_ERROR", errorDetails: "bad" },
    });
  });

  it("answers 401 with a bearer challenge and 403 without, both with errorDetails", () => {
    expect(parsed(accessDenied(401, "no token"))).toEqual({
      status: 401,
      body: { errorDetails: "no token" },
      headers: { "www-authenticate": 'Bearer realm="phasegate"' },
    });
    expect(parsed(accessDenied(403, "token lacks the evaluate scope"))).toEqual({
      status: 403,
      body: { errorDetails: "token lacks the evaluate scope" },
      headers: {},
    });
  });

  it("writes the spec's refetchEvaluation message as a default (message) event", () => {
    expect(refetchEvaluationMessage("abc")).toBe('data: {"type":"refetchEvaluation","etag":"abc"}\n\n');
  });
});
