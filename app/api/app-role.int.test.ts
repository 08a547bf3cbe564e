// Least privilege on the embedded database, as npm start sets it up: migrations as the owner, serving as a role
// that owns nothing. As that role the audit trail's append-only rule cannot be lifted, and the app still works.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as flagRoute from "@/app/api/v1/flags/[key]/route";
import * as healthRoute from "@/app/api/v1/health/route";
import { personCaller } from "@/lib/auth/testing/principals";
import { stopFlagSnapshot } from "@/lib/flags/snapshot-store";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { EMBEDDED_APP_PASSWORD, EMBEDDED_APP_ROLE, prepareAppRole } from "@/lib/db/app-role";
import { db } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { stopNotifyListener } from "@/lib/db/notify";
import { startStoppableDatabase, type StoppableDatabase } from "@/lib/db/testing/stoppable-database";

let database: StoppableDatabase;
let appUrl: string;

beforeAll(async () => {
  database = await startStoppableDatabase();
  appUrl = await prepareAppRole(database.url, EMBEDDED_APP_ROLE, EMBEDDED_APP_PASSWORD);
  process.env.DATABASE_URL = appUrl; // the app's services below run as the serving role
}, 120_000);

afterAll(async () => {
  stopFlagSnapshot();
  await stopNotifyListener();
  await db().$disconnect();
  await database?.dispose();
});

async function as<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const refused = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ code: "42501" });

describe("the serving role", () => {
  it("cannot lift the audit trail's append-only rule, nor change or remove audit events", async () => {
    await as(appUrl, async (client) => {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM audit_events");
      expect(rows[0].n).toBeGreaterThan(0); // it can read the trail
      await refused(client.query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"));
      await refused(client.query("ALTER TABLE audit_events DISABLE TRIGGER ALL"));
      await refused(client.query("SET session_replication_role = replica"));
      await refused(client.query("UPDATE audit_events SET action = 'forged'"));
      await refused(client.query("DELETE FROM audit_events"));
      await refused(client.query("TRUNCATE audit_events"));
      await refused(client.query("DROP TABLE audit_events"));
      await refused(
        client.query("INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('x', 'x', 'x')"),
      );
      const role = await client.query("SELECT rolsuper, rolreplication FROM pg_roles WHERE rolname = current_user");
      expect(role.rows[0]).toEqual({ rolsuper: false, rolreplication: false });
    });
  });

  it("still does everything the app does: a flag change with its audit event, and health without warnings", async () => {
    const admin = await personCaller("admin");
    const response = await callRoute(flagRoute.PATCH, "/api/v1/flags/use_sync_test_apis", {
      method: "PATCH",
      params: { key: "use_sync_test_apis" },
      body: { description: "least privilege", reason: "served as the app role" },
      headers: admin.headers,
    });
    expect(response.status).toBe(200);
    expect(await db().auditEvent.count({ where: { action: "flag.changed" } })).toBeGreaterThan(0);
    const health = await jsonOf<{ status: string; warnings: string[] }>(
      await callRoute(healthRoute.GET, "/api/v1/health"),
    );
    expect(health).toMatchObject({ status: "ok", warnings: [] });
  });

  it("can start against an up-to-date database: npm start's migration step finds nothing to do", async () => {
    expect(await applyMigrations(appUrl)).toEqual([]);
  });

  it("gets the same grants on tables that later migrations create, and preparing again is harmless", async () => {
    await as(database.url, (owner) => owner.query("CREATE TABLE later_feature (id serial PRIMARY KEY, note text)"));
    await prepareAppRole(database.url, EMBEDDED_APP_ROLE, EMBEDDED_APP_PASSWORD);
    await as(appUrl, async (client) => {
      await client.query("INSERT INTO later_feature (note) VALUES ('works')");
      expect((await client.query("SELECT note FROM later_feature")).rows).toEqual([{ note: "works" }]);
    });
  });
});
