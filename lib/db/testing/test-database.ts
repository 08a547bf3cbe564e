// Throwaway databases for tests: on DATABASE_URL's server when set, otherwise on an embedded PostgreSQL server in a
// temporary folder. Every database a run creates carries the run's prefix and is dropped at the end; the user's
// own databases are never touched.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { portIsFree, startEmbedded } from "../embedded-postgres";
import { parseDatabaseUrl, withDatabase } from "../postgres-url";

export type TestServer = { adminUrl: string; embedded: boolean; stop(): Promise<void> };

export async function startTestServer(): Promise<TestServer> {
  const configured = process.env.DATABASE_URL?.trim();
  if (configured) {
    parseDatabaseUrl(configured);
    return { adminUrl: configured, embedded: false, stop: async () => {} };
  }
  const folder = mkdtempSync(path.join(os.tmpdir(), "phasegate-test-pg-"));
  const server = await startEmbedded({
    dataDir: path.join(folder, "pgdata"),
    port: await freePort(),
    persistent: false,
  });
  return {
    adminUrl: server.adminUrl,
    embedded: true,
    stop: async () => {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function newRunPrefix(): string {
  return `phasegate_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a database (optionally as a copy of a template) and returns its URL. */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await withAdmin(adminUrl, async (client) => {
    // PostgreSQL copies a template only while nobody else uses it, so parallel test files take turns.
    await client.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK]);
    try {
      await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK]);
    }
  });
  return withDatabase(adminUrl, name);
}

const TEMPLATE_LOCK = 0x50_47_54_53; // "PGTS"

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops every database whose name starts with the run prefix. */
export async function dropDatabasesWithPrefix(adminUrl: string, prefix: string): Promise<string[]> {
  if (!/^phasegate_test_[a-z0-9_]+$/.test(prefix)) throw new Error(`refusing to drop databases with prefix ${prefix}`);
  return withAdmin(adminUrl, async (client) => {
    const rows = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${prefix}%`,
    ]);
    for (const { datname } of rows.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.rows.map((r) => r.datname);
  });
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (await portIsFree(port, "127.0.0.1")) return port;
  }
}
