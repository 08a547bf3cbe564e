// Every API route against every kind of caller: the status, and that nothing changed when refused (or when read).
// A new route under app/api fails this test until it is added to MATRIX; the lean routes, which the custom server
// answers before Next.js, are discovered from their declaration table and called over real HTTP (LEAN_MATRIX).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLeanServer, type LeanServer } from "@/lib/http/testing/lean-server";
import {
  ANONYMOUS,
  TEST_PASSWORD,
  createPerson,
  personCaller,
  tokenCaller,
  type Caller,
} from "@/lib/auth/testing/principals";
import { SYSTEM_ACTOR as SYSTEM } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { reportHealthy } from "@/lib/health/testing/healthy";
import { reportReady } from "@/lib/readiness/testing/ready";
import { isMethodNotAllowed } from "@/lib/http/methods";
import { callRoute, type CallOptions } from "@/lib/http/testing/call-route";
import { createWebhook } from "@/lib/webhooks/service";
import { INGEST_PATH } from "@/lib/health/ingest-http";
import { FLAG_SYNC_PATH, RESTARTS_PATH, SNAPSHOTS_PATH } from "@/lib/supervision/ingest-http";
import { storeSnapshot } from "@/lib/supervision/ingest-service";
import { parseSnapshot } from "@/lib/supervision/snapshot-input";

const CALLERS = [
  "anonymous",
  "viewer",
  "operator",
  "admin",
  "token:ingest",
  "token:evaluate",
  "token:operate",
  "token:admin",
] as const;
type CallerKind = (typeof CALLERS)[number];

async function makeCaller(kind: CallerKind): Promise<Caller> {
  if (kind === "anonymous") return ANONYMOUS;
  if (kind.startsWith("token:")) return tokenCaller([kind.slice(6) as "ingest" | "evaluate" | "operate" | "admin"]);
  return personCaller(kind as "viewer" | "operator" | "admin");
}

let n = 0;
const fresh = (base: string) => `${base}-${++n}-${process.pid}`;

type Entry = {
  allowed: readonly CallerKind[] | "everyone";
  okStatus: number;
  prepare: () => Promise<CallOptions>;
  /** The status for a refused caller who is not anonymous, when it is not 403 (e.g. "sign in" routes answer 401). */
  refusedStatus?: number;
};
const PEOPLE = ["viewer", "operator", "admin"] as const;
const someWebhook = async () =>
  (
    await createWebhook(
      { name: fresh("hook"), url: "https://hooks.example.com/x", events: ["flag.changed"] },
      SYSTEM,
      "t",
    )
  ).id;
const ADMINS = ["admin", "token:admin"] as const;
/** The read permission: every person, and tokens with the operate or admin scope. */
const READERS = [...PEOPLE, "token:operate", "token:admin"] as const;
/** The evaluate permission: every person, and tokens with the evaluate, operate or admin scope. */
const EVALUATORS = [...PEOPLE, "token:evaluate", "token:operate", "token:admin"] as const;
const none = async (): Promise<CallOptions> => ({});
const flag =
  (key = "use_v2_coordinator") =>
  async (): Promise<CallOptions> => ({ params: { key } });

/** A node with a stored snapshot, reported the way the ingest route stores it. */
async function reportedNode(): Promise<CallOptions> {
  const node = "matrix@host";
  const root = { pid: "<0.1.0>", parent: null, id: "root_sup", name: "root_sup", module: "root_sup" };
  const flags = { type: "supervisor", strategy: "one_for_one", intensity: 3, period: 5, children: 0, restarts: 0 };
  const stats = { messageQueueLen: 0, memory: 1, reductions: 1 };
  const snapshot = {
    node,
    takenAt: new Date().toISOString(),
    durationMs: 1,
    processes: [{ ...root, ...flags, ...stats }],
  };
  await storeSnapshot(parseSnapshot(snapshot, new Date()));
  return { params: { node } };
}

const MATRIX: Record<string, Entry> = {
  "GET /api/v1/health": { allowed: "everyone", okStatus: 200, prepare: none },
  "GET /api/v1/session/login-info": { allowed: "everyone", okStatus: 200, prepare: none },
  "GET /api/v1/session": { allowed: PEOPLE, okStatus: 200, prepare: none, refusedStatus: 401 },
  "GET /api/v1/flags": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/flags/[key]": { allowed: READERS, okStatus: 200, prepare: flag() },
  "GET /api/v1/flags/[key]/known-ids": { allowed: READERS, okStatus: 200, prepare: flag() },
  "GET /api/v1/flag-clients": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/supervision": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/supervision/nodes/[node]": { allowed: READERS, okStatus: 200, prepare: reportedNode },
  "GET /api/v1/flags/[key]/evaluate": {
    allowed: EVALUATORS,
    okStatus: 200,
    prepare: async () => ({ params: { key: "use_v2_coordinator" }, query: { id: "agent-7" } }),
  },
  "GET /api/v1/rollout": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/thresholds": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/metrics": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/metrics/charts": { allowed: READERS, okStatus: 200, prepare: async () => ({ query: { range: "1h" } }) },
  "GET /api/v1/readiness/checklist": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/audit": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/audit/export": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/users": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/tokens": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/webhooks": { allowed: ADMINS, okStatus: 200, prepare: none },
  "GET /api/v1/alerts": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/rollout/timeline": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/guard/runs": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/canary": { allowed: READERS, okStatus: 200, prepare: none },
  "GET /api/v1/canary/policies": { allowed: ADMINS, okStatus: 200, prepare: none },
  "GET /api/v1/rollout/preview": {
    allowed: READERS,
    okStatus: 200,
    prepare: async () => ({ query: { action: "emergency" } }),
  },
  "GET /api/v1/webhooks/[id]/deliveries": {
    allowed: ADMINS,
    okStatus: 200,
    prepare: async () => ({ params: { id: await someWebhook() } }),
  },
  "POST /api/v1/session": {
    allowed: "everyone",
    okStatus: 201,
    prepare: async () => ({
      body: { username: (await createPerson("viewer", fresh("login"))).username, password: TEST_PASSWORD },
    }),
  },
  "DELETE /api/v1/session": { allowed: "everyone", okStatus: 204, prepare: async () => ({}) },
  "PUT /api/v1/session/password": {
    allowed: PEOPLE,
    okStatus: 204,
    prepare: async () => ({ body: { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" } }),
  },
  "POST /api/v1/users": {
    allowed: ADMINS,
    okStatus: 201,
    prepare: async () => ({ body: { username: fresh("new"), role: "viewer", password: "initial passphrase" } }),
  },
  "PATCH /api/v1/users/[id]": {
    allowed: ADMINS,
    okStatus: 200,
    prepare: async () => ({
      params: { id: (await createPerson("viewer", fresh("target"))).id },
      body: { role: "operator" },
    }),
  },
  "PUT /api/v1/users/[id]/password": {
    allowed: ADMINS,
    okStatus: 204,
    prepare: async () => ({
      params: { id: (await createPerson("viewer", fresh("target"))).id },
      body: { password: "reset passphrase" },
    }),
  },
  "DELETE /api/v1/users/[id]/sessions": {
    allowed: ADMINS,
    okStatus: 200,
    prepare: async () => ({ params: { id: (await createPerson("viewer", fresh("target"))).id } }),
  },
  "POST /api/v1/tokens": {
    allowed: ADMINS,
    okStatus: 201,
    prepare: async () => ({ body: { name: fresh("svc"), scopes: ["evaluate"] } }),
  },
  "POST /api/v1/flags": {
    allowed: ADMINS,
    okStatus: 201,
    prepare: async () => ({ body: { key: fresh("new_flag").replaceAll("-", "_"), reason: "matrix" } }),
  },
  "PATCH /api/v1/flags/[key]": {
    allowed: ["operator", "admin", "token:operate", "token:admin"],
    okStatus: 200,
    prepare: async () => {
      const flag = await db().flag.findUniqueOrThrow({ where: { key: "use_v2_coordinator" } });
      return { params: { key: flag.key }, body: { value: flag.percentage === 10 ? 20 : 10, reason: "matrix test" } };
    },
  },
  "POST /api/v1/webhooks": {
    allowed: ADMINS,
    okStatus: 201,
    prepare: async () => ({
      body: { name: fresh("hook"), url: "https://hooks.example.com/services/x", events: ["rollout.*"] },
    }),
  },
  "PATCH /api/v1/webhooks/[id]": {
    allowed: ADMINS,
    okStatus: 200,
    prepare: async () => ({ params: { id: await someWebhook() }, body: { enabled: false } }),
  },
  "DELETE /api/v1/webhooks/[id]": {
    allowed: ADMINS,
    okStatus: 200,
    prepare: async () => ({ params: { id: await someWebhook() } }),
  },
  "POST /api/v1/webhooks/[id]/test": {
    allowed: ADMINS,
    okStatus: 202,
    prepare: async () => ({ params: { id: await someWebhook() } }),
  },
  "DELETE /api/v1/tokens/[id]": {
    allowed: ADMINS,
    okStatus: 200,
    prepare: async () => ({ params: { id: (await tokenCaller(["evaluate"], fresh("doomed"))).id } }),
  },
  "PUT /api/v1/canary/policies/[metric]": {
    allowed: ADMINS,
    okStatus: 200,
    prepare: async () => ({
      params: { metric: "restart_frequency" },
      body: { enabled: true, maxDegradation: 2, alpha: 0.01, minSamples: 200, reason: "matrix" },
    }),
  },
  "PUT /api/v1/thresholds/[metric]": {
    allowed: ADMINS,
    okStatus: 200,
    prepare: async () => {
      const t = await db().threshold.findUniqueOrThrow({ where: { metric: "error_rate" } });
      return {
        params: { metric: "error_rate" },
        body: { comparison: "above", value: t.value === 5 ? 6 : 5, enabled: true, minSamples: 100, reason: "matrix" },
      };
    },
  },
};
const OPERATORS = ["operator", "admin", "token:operate", "token:admin"] as const;

/** Puts the rollout where a transition is possible: phase 2, entered long ago (the soak gate is met). */
async function rolloutAt(phase: number | null) {
  const state = await db().rolloutState.update({
    where: { id: 1 },
    data: {
      currentPhase: phase,
      status: "active",
      enteredAt: phase === null ? null : new Date(Date.now() - 30 * 24 * 3600_000),
      version: { increment: 1 },
    },
  });
  return state.version;
}
const transitionEntry = (phase: number | null): Entry => ({
  allowed: OPERATORS,
  okStatus: 200,
  prepare: async () => {
    await reportHealthy(); // the health gate needs data (the soak gate is met by rolloutAt)
    await reportReady(); // and the readiness gate a READY run
    return { body: { expectedVersion: await rolloutAt(phase), reason: "matrix" } };
  },
});
MATRIX["POST /api/v1/rollout/start"] = transitionEntry(null);
MATRIX["POST /api/v1/rollout/advance"] = transitionEntry(2);
MATRIX["POST /api/v1/rollout/rollback"] = transitionEntry(3);
MATRIX["POST /api/v1/rollout/reapply"] = transitionEntry(2);
MATRIX["POST /api/v1/rollout/freeze"] = {
  allowed: OPERATORS,
  okStatus: 200,
  prepare: async () => ({ body: { expectedVersion: await rolloutAt(2), reason: "matrix" } }),
};
MATRIX["POST /api/v1/rollout/unfreeze"] = {
  allowed: OPERATORS,
  okStatus: 200,
  prepare: async () => {
    await rolloutAt(2);
    await db().rolloutState.update({ where: { id: 1 }, data: { status: "frozen", frozenFrom: "active" } });
    return { body: { reason: "matrix" } };
  },
};
MATRIX["POST /api/v1/rollout/emergency"] = {
  allowed: OPERATORS,
  okStatus: 200,
  prepare: async () => ({ body: { reason: "matrix" } }),
};
MATRIX["PATCH /api/v1/rollout/phases/[number]"] = {
  allowed: ADMINS,
  okStatus: 200,
  prepare: async () => ({ params: { number: "4" }, body: { name: fresh("Canary"), reason: "matrix" } }),
};
MATRIX["PUT /api/v1/rollout/emergency-flags"] = {
  allowed: ADMINS,
  okStatus: 200,
  prepare: async () => ({ body: { flags: ["use_v2_coordinator"], reason: "matrix" } }),
};
MATRIX["PUT /api/v1/rollout/runbook/[id]"] = {
  allowed: OPERATORS,
  okStatus: 200,
  prepare: async () => {
    await rolloutAt(1);
    const item = await db().runbookItem.findFirstOrThrow({ where: { phaseNumber: 1 } });
    const state = await db().rolloutState.findUniqueOrThrow({ where: { id: 1 } });
    await db().runbookTick.deleteMany({ where: { entry: state.entry, itemId: item.id } });
    return { params: { id: String(item.id) }, body: { ticked: true } };
  },
};
MATRIX["POST /api/v1/alerts/[id]/acknowledge"] = {
  allowed: OPERATORS,
  okStatus: 200,
  prepare: async () => ({
    params: { id: (await db().alert.create({ data: { kind: "threshold", severity: "warning", title: "matrix" } })).id },
  }),
};
// The test clock is off in this run, so even admins get 404: it moves only where PHASEGATE_TEST_CLOCK=1.
MATRIX["POST /api/v1/guard/evaluate"] = { allowed: ADMINS, okStatus: 404, prepare: async () => ({ body: {} }) };
MATRIX["POST /api/v1/guard/acknowledge"] = {
  allowed: ["operator", "admin", "token:operate", "token:admin"],
  okStatus: 200,
  // Frozen, as after an automatic rollback, so acknowledging has something to do.
  prepare: async () => {
    await db().rolloutState.update({ where: { id: 1 }, data: { status: "frozen" } });
    return { body: { reason: "matrix" } };
  },
};
MATRIX["GET /api/v1/readiness/runs"] = { allowed: READERS, okStatus: 200, prepare: none };
MATRIX["GET /api/v1/readiness/runs/latest"] = { allowed: READERS, okStatus: 200, prepare: none };
MATRIX["GET /api/v1/readiness/runs/[id]"] = {
  allowed: READERS,
  okStatus: 200,
  prepare: async () => ({ params: { id: String((await reportReady({ force: true }))!.id) } }),
};
// CI posts with an ingest token; an operator may post too.
MATRIX["POST /api/v1/readiness/runs"] = {
  allowed: ["token:ingest", ...OPERATORS],
  okStatus: 201,
  prepare: async () => ({
    body: {
      reported: [{ key: "testing.integration_tests", status: "passed", evidenceUrl: "https://ci.example.com/job/1" }],
    },
  }),
};
MATRIX["POST /api/v1/readiness/runs/start"] = {
  allowed: OPERATORS,
  okStatus: 201,
  prepare: async () => {
    process.env.PHASEGATE_READINESS_PROJECT = path.join(process.cwd(), "lib/readiness/testing/fixture-project");
    return {};
  },
};
// Like the test clock: only where PHASEGATE_TEST_CLOCK=1, so 404 here even for admins.
MATRIX["POST /api/v1/test-readiness"] = { allowed: ADMINS, okStatus: 404, prepare: async () => ({}) };
MATRIX["POST /api/v1/test-clock"] = {
  allowed: ADMINS,
  okStatus: 404,
  prepare: async () => ({ body: { advanceMinutes: 1 } }),
};
for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
  MATRIX[`${method} /api/[...path]`] = {
    allowed: "everyone",
    okStatus: 404,
    prepare: async () => ({ params: { path: "nope" } }),
  };
}

type Module = Record<string, unknown>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

const apiDir = path.join(process.cwd(), "app", "api");
const discovered: { key: string; handler: Parameters<typeof callRoute>[0]; urlPath: string }[] = [];

beforeAll(async () => {
  for (const file of routeFiles(apiDir)) {
    const routePath =
      "/" + path.relative(path.join(process.cwd(), "app"), path.dirname(file)).split(path.sep).join("/");
    const mod = (await import(file)) as Module;
    for (const method of METHODS) {
      if (typeof mod[method] === "function" && !isMethodNotAllowed(mod[method])) {
        discovered.push({
          key: `${method} ${routePath}`,
          handler: mod[method] as Parameters<typeof callRoute>[0],
          urlPath: routePath,
        });
      }
    }
  }
});

/** Everything a refused call must leave alone; columns that only record use (last seen, last used) are left out. */
async function stateFingerprint(): Promise<string> {
  const rows = await db().$queryRawUnsafe<{ fp: string }[]>(`
    SELECT concat_ws('|',
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.id), '')) FROM (SELECT id, username, display_name, password_hash, role, disabled, password_changed_at FROM users) x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.id), '')) FROM (SELECT id, user_id, ended_at, end_reason FROM sessions) x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.id), '')) FROM (SELECT id, name, scopes, expires_at, revoked_at FROM api_tokens) x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.key), '')) FROM flags x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.id), '')) FROM webhooks x),
      (SELECT count(*)::text FROM webhook_deliveries),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.id), '')) FROM (SELECT id, current_phase, status, version, emergency_forced_off FROM rollout_state) x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.number), '')) FROM phases x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.entry, x.item_id), '')) FROM runbook_ticks x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.id), '')) FROM (SELECT id, acknowledged_at FROM alerts) x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.metric), '')) FROM thresholds x),
      (SELECT count(*)::text FROM interval_reports),
      (SELECT count(*)::text FROM readiness_runs),
      (SELECT count(*)::text FROM audit_events)
    ) AS fp`);
  return rows[0]!.fp;
}

describe("authorization of every API route", () => {
  it("has a matrix entry for every route and method, and no stale entries", () => {
    expect(discovered.map((d) => d.key).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const key of Object.keys(MATRIX)) {
    it(key, async () => {
      const route = discovered.find((d) => d.key === key);
      expect(route, `${key} is not a route`).toBeDefined();
      const entry = MATRIX[key]!;
      const [method] = key.split(" ");
      for (const kind of CALLERS) {
        const caller = await makeCaller(kind);
        const options = await entry.prepare();
        const urlPath = Object.entries(options.params ?? {}).reduce(
          (p, [name, value]) => p.replace(`[${name}]`, value).replace(`[...${name}]`, value),
          route!.urlPath,
        );
        const before = await stateFingerprint();
        const response = await callRoute(route!.handler, urlPath, {
          ...options,
          method,
          headers: { ...caller.headers },
        });
        const allowed = entry.allowed === "everyone" || entry.allowed.includes(kind);
        if (allowed) {
          expect(response.status, `${key} as ${kind}: ${await response.clone().text()}`).toBe(entry.okStatus);
        } else {
          expect(response.status, `${key} as ${kind}`).toBe(kind === "anonymous" ? 401 : (entry.refusedStatus ?? 403));
          expect(response.headers.get("content-type")).toBe("application/problem+json");
          expect(await stateFingerprint(), `${key} as ${kind} changed state although refused`).toBe(before);
        }
        if (method === "GET") expect(await stateFingerprint(), `${key} as ${kind}: a read changed state`).toBe(before);
      }
    });
  }
});

// The lean routes (lib/http/lean-routes.ts) in a real node:http server, called over HTTP as clients call them. Their
// keys are the declarations' own method and path; `:name` parameters are filled from `params`.
type LeanEntry = {
  allowed: readonly CallerKind[];
  params?: Record<string, string>;
  body?: unknown;
  /** OFREP answers refusals in its own JSON shape; Phasegate's stream in problem+json. */
  problem: boolean;
  /** 200 unless given (ingestion answers 202). */
  okStatus?: number;
  /** Telemetry ingestion: an admitted call stores rows (never in the fingerprinted tables); a refused one none. */
  ingests?: true;
};
const INGESTERS = ["token:ingest"] as const;
const ingested = async () =>
  (
    await db().$queryRaw<{ n: string }[]>`
      SELECT concat_ws('|', (SELECT count(*) FROM supervision_snapshots), (SELECT count(*) FROM supervision_restarts),
                       (SELECT count(*) FROM flag_client_syncs)) AS n`
  )[0]!.n;
const EVALUATION = { context: { targetingKey: "agent-7" } };
const LEAN_MATRIX: Record<string, LeanEntry> = {
  "POST /ofrep/v1/evaluate/flags": { allowed: EVALUATORS, body: EVALUATION, problem: false },
  "POST /ofrep/v1/evaluate/flags/:key": {
    allowed: EVALUATORS,
    params: { key: "use_v2_coordinator" },
    body: EVALUATION,
    problem: false,
  },
  "GET /ofrep/v1/events": { allowed: EVALUATORS, problem: false },
  "GET /api/v1/events": { allowed: READERS, problem: true },
  [`POST ${SNAPSHOTS_PATH}`]: {
    allowed: INGESTERS,
    body: { node: "lean@host", takenAt: new Date().toISOString(), durationMs: 1, processes: [] },
    problem: true,
    okStatus: 202,
    ingests: true,
  },
  [`POST ${RESTARTS_PATH}`]: {
    allowed: INGESTERS,
    body: {
      node: "lean@host",
      restarts: [{ id: "matrix-1", supervisor: "s", childId: "c", reason: "killed", at: new Date().toISOString() }],
    },
    problem: true,
    okStatus: 202,
    ingests: true,
  },
  [`POST ${INGEST_PATH}`]: {
    allowed: INGESTERS,
    body: {
      reports: [
        {
          node: "lean_matrix@h",
          intervalStart: new Date(Math.floor(Date.now() / 10_000) * 10_000 - 60_000).toISOString(),
          intervalSeconds: 10,
          requests: 10,
        },
      ],
    },
    problem: true,
    okStatus: 202,
    ingests: true,
  },
  [`POST ${FLAG_SYNC_PATH}`]: {
    allowed: INGESTERS,
    body: { node: "lean@host", etag: "abc" },
    problem: true,
    okStatus: 202,
    ingests: true,
  },
};

describe("authorization of every lean route, over HTTP", () => {
  let server: LeanServer;

  beforeAll(async () => {
    server = await startLeanServer();
  });

  afterAll(() => server.close());

  it("has a matrix entry for every declared lean route, and no stale entries", () => {
    const declared = server.lean.routes.map((route) => `${route.method} ${route.path}`);
    expect(declared.sort()).toEqual(Object.keys(LEAN_MATRIX).sort());
  });

  for (const [key, entry] of Object.entries(LEAN_MATRIX)) {
    it(key, async () => {
      const [method, pattern] = key.split(" ") as [string, string];
      const urlPath = pattern.replace(/:(\w+)/g, (_, name: string) => entry.params?.[name] ?? `:${name}`);
      for (const kind of CALLERS) {
        const caller = await makeCaller(kind);
        const before = await stateFingerprint();
        const ingestedBefore = entry.ingests ? await ingested() : undefined;
        // Streams stay open when admitted: the status and headers are the answer, then the client hangs up.
        const hangUp = new AbortController();
        const response = await fetch(`${server.baseUrl}${urlPath}`, {
          method,
          headers: {
            ...caller.headers,
            ...(entry.body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: entry.body === undefined ? undefined : JSON.stringify(entry.body),
          signal: hangUp.signal,
        });
        const status = response.status;
        const contentType = response.headers.get("content-type");
        if (contentType?.startsWith("text/event-stream")) hangUp.abort();
        else await response.arrayBuffer();
        if (entry.allowed.includes(kind)) {
          expect(status, `${key} as ${kind}`).toBe(entry.okStatus ?? 200);
        } else {
          expect(status, `${key} as ${kind}`).toBe(kind === "anonymous" ? 401 : 403);
          if (entry.problem) expect(contentType).toBe("application/problem+json");
          if (entry.ingests) expect(await ingested(), `${key} as ${kind} stored telemetry`).toBe(ingestedBefore);
        }
        // Admitted interval reports count in the fingerprint (interval_reports); nothing else may change.
        if (!(entry.ingests && entry.allowed.includes(kind)))
          expect(await stateFingerprint(), `${key} as ${kind} changed state`).toBe(before);
      }
    });
  }
});
