// A real outage: the test's own PostgreSQL server is stopped under the app's services and routes, then started again.
// Every database-dependent route answers 503 problem+json with Retry-After while it is down, health says the
// migrations are unknown (not "all pending"), and the app recovers by itself when the server returns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as auditExportRoute from "@/app/api/v1/audit/export/route";
import * as flagsRoute from "@/app/api/v1/flags/route";
import * as flagRoute from "@/app/api/v1/flags/[key]/route";
import * as healthRoute from "@/app/api/v1/health/route";
import * as sessionRoute from "@/app/api/v1/session/route";
import { TEST_PASSWORD, createPerson, signIn, tokenCaller, type Caller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { stopNotifyListener } from "@/lib/db/notify";
import { startStoppableDatabase, type StoppableDatabase } from "@/lib/db/testing/stoppable-database";
import { stopFlagSnapshot } from "@/lib/flags/snapshot-store";
import { alignedAgo, intervalReport } from "@/lib/health/testing/reports";
import { waitFor } from "@/lib/testing/wait-for";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { startLeanServer, type LeanServer } from "@/lib/http/testing/lean-server";

let database: StoppableDatabase;
let admin: Caller;
let username: string;
let evaluator: Caller;
let ingester: Caller;
let lean: LeanServer;

beforeAll(async () => {
  database = await startStoppableDatabase();
  process.env.DATABASE_URL = database.url; // before this file's first db() call
  username = (await createPerson("admin")).username;
  admin = await signIn(username);
  evaluator = await tokenCaller(["evaluate"]);
  ingester = await tokenCaller(["ingest"]);
  lean = await startLeanServer();
}, 120_000);

afterAll(async () => {
  await lean?.close();
  stopFlagSnapshot();
  await stopNotifyListener();
  await db().$disconnect();
  await database?.dispose();
});

const calls = {
  "sign-in": () =>
    callRoute(sessionRoute.POST, "/api/v1/session", { body: { username: "admin", password: TEST_PASSWORD } }),
  "flag list": () => callRoute(flagsRoute.GET, "/api/v1/flags", { headers: admin.headers }),
  "flag read": () =>
    callRoute(flagRoute.GET, "/api/v1/flags/use_sync_test_apis", {
      params: { key: "use_sync_test_apis" },
      headers: admin.headers,
    }),
  "flag PATCH": () =>
    callRoute(flagRoute.PATCH, "/api/v1/flags/use_sync_test_apis", {
      method: "PATCH",
      params: { key: "use_sync_test_apis" },
      body: { description: "during the outage", reason: "outage drill" },
      headers: admin.headers,
    }),
  audit: () => callRoute(auditRoute.GET, "/api/v1/audit", { headers: admin.headers }),
  "audit export": () =>
    callRoute(auditExportRoute.GET, "/api/v1/audit/export", { query: { format: "csv" }, headers: admin.headers }),
};

const ingest = () =>
  fetch(`${lean.baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { "content-type": "application/json", ...ingester.headers },
    body: JSON.stringify({ reports: [intervalReport({ node: "outage@h", at: alignedAgo(new Date(), 30) })] }),
  });

const evaluate = () =>
  fetch(`${lean.baseUrl}/ofrep/v1/evaluate/flags`, {
    method: "POST",
    headers: { "content-type": "application/json", ...evaluator.headers },
    body: JSON.stringify({ context: { targetingKey: "agent-1" } }),
  });

describe("a database outage", () => {
  it("keeps OFREP evaluating from memory for tokens known before it, and answers the rest 503", async () => {
    expect((await evaluate()).status).toBe(200);
    await database.stop();
    try {
      const during = await evaluate();
      expect(during.status).toBe(200);
      expect(((await during.json()) as { flags: unknown[] }).flags).toHaveLength(6);
      const stream = await fetch(`${lean.baseUrl}/api/v1/events`, { headers: admin.headers });
      expect([stream.status, stream.headers.get("content-type")]).toEqual([503, "application/problem+json"]);
      expect(Number(stream.headers.get("retry-after"))).toBeGreaterThan(0);
      // Ingestion (COPY on its own pooled connection) is a 503 with Retry-After too, and stores nothing.
      const refused = await ingest();
      expect([refused.status, refused.headers.get("content-type")]).toEqual([503, "application/problem+json"]);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await database.start();
    }
    await waitFor("the database to answer again", async () => (await calls["flag list"]()).status === 200, {
      timeoutMs: 15_000,
    });
    await waitFor("ingestion to answer again", async () => (await ingest()).status === 202, { timeoutMs: 15_000 });
    const [stored] = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM interval_reports WHERE node = 'outage@h'`;
    expect(stored!.n).toBe(1);
  });

  it("answers 503 problem+json with Retry-After on every database route, and recovers when the server returns", async () => {
    expect((await calls["flag list"]()).status).toBe(200);

    await database.stop();
    for (const [name, call] of Object.entries(calls)) {
      const response = await call();
      expect(response.status, name).toBe(503);
      expect(response.headers.get("content-type"), name).toBe("application/problem+json");
      expect(Number(response.headers.get("retry-after")), name).toBeGreaterThan(0);
      expect((await jsonOf(response)).code, name).toBe("unavailable");
    }

    const health = await callRoute(healthRoute.GET, "/api/v1/health");
    expect(health.status).toBe(503);
    expect(Number(health.headers.get("retry-after"))).toBeGreaterThan(0);
    const report = await jsonOf<{ database: { reachable: boolean }; migrations: Record<string, unknown> }>(health);
    expect(report.database.reachable).toBe(false);
    expect(report.migrations).toMatchObject({ state: "unknown", current: false, applied: null, pending: null });

    await database.start();
    await waitFor("the flag list to answer again", async () => (await calls["flag list"]()).status === 200, {
      timeoutMs: 15_000,
      everyMs: 100,
    });
    expect((await calls["flag PATCH"]()).status).toBe(200);
    const recovered = await callRoute(healthRoute.GET, "/api/v1/health");
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get("retry-after")).toBeNull();
    const healthy = await jsonOf<{ migrations: { state: string }; warnings: string[] }>(recovered);
    expect(healthy.migrations.state).toBe("current");
    // This file serves as the embedded server's superuser, which health points out (see app-role.int.test.ts).
    expect(healthy.warnings).toEqual([expect.stringMatching(/role "postgres" is a superuser and owns audit_events/)]);
    await signIn(username); // sign-in works again too
  });
});
