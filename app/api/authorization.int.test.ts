// Every state-changing API route against every kind of caller: the status, and that nothing changed when refused.
// A new mutating route fails this test until it is added to MATRIX.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ANONYMOUS,
  TEST_PASSWORD,
  createPerson,
  personCaller,
  tokenCaller,
  type Caller,
} from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { isMethodNotAllowed } from "@/lib/http/methods";
import { callRoute, type CallOptions } from "@/lib/http/testing/call-route";

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

type Entry = { allowed: readonly CallerKind[] | "everyone"; okStatus: number; prepare: () => Promise<CallOptions> };
const PEOPLE = ["viewer", "operator", "admin"] as const;
const ADMINS = ["admin", "token:admin"] as const;

const MATRIX: Record<string, Entry> = {
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
  "DELETE /api/v1/tokens/[id]": {
    allowed: ADMINS,
    okStatus: 200,
    prepare: async () => ({ params: { id: (await tokenCaller(["evaluate"], fresh("doomed"))).id } }),
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
  prepare: async () => ({ body: { expectedVersion: await rolloutAt(phase), reason: "matrix" } }),
});
MATRIX["POST /api/v1/rollout/start"] = transitionEntry(null);
MATRIX["POST /api/v1/rollout/advance"] = transitionEntry(2);
MATRIX["POST /api/v1/rollout/rollback"] = transitionEntry(3);
MATRIX["POST /api/v1/rollout/reapply"] = transitionEntry(2);
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
MATRIX["POST /api/v1/test-clock"] = {
  allowed: ADMINS,
  okStatus: 404,
  prepare: async () => ({ body: { advanceMinutes: 1 } }),
};
for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
  MATRIX[`${method} /api/[...path]`] = {
    allowed: "everyone",
    okStatus: 404,
    prepare: async () => ({ params: { path: "nope" } }),
  };
}

type Module = Record<string, unknown>;
const MUTATING = ["POST", "PUT", "PATCH", "DELETE"];

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
    for (const method of MUTATING) {
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
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.id), '')) FROM (SELECT id, current_phase, status, version, emergency_forced_off FROM rollout_state) x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.number), '')) FROM phases x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.entry, x.item_id), '')) FROM runbook_ticks x),
      (SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x.id), '')) FROM (SELECT id, acknowledged_at FROM alerts) x),
      (SELECT count(*)::text FROM audit_events)
    ) AS fp`);
  return rows[0]!.fp;
}

describe("authorization of every state-changing route", () => {
  it("has a matrix entry for every mutating route, and no stale entries", () => {
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
          expect(response.status, `${key} as ${kind}`).toBe(kind === "anonymous" ? 401 : 403);
          expect(response.headers.get("content-type")).toBe("application/problem+json");
          expect(await stateFingerprint(), `${key} as ${kind} changed state although refused`).toBe(before);
        }
      }
    });
  }
});
