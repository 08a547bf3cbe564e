// The one Prisma client. Created on first use, so importing this module never needs DATABASE_URL (next build
// imports route modules), and kept on globalThis so dev reloads and duplicate bundles share one pool.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { serverEnv } from "../env";
import { PrismaClient } from "./generated/client";

export type { PrismaClient } from "./generated/client";
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const holder = globalThis as unknown as { phasegatePrisma?: PrismaClient; phasegatePool?: pg.Pool };

export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

export function db(): PrismaClient {
  holder.phasegatePrisma ??= new PrismaClient({
    adapter: new PrismaPg(pgPool(), { disposeExternalPool: true }),
  });
  return holder.phasegatePrisma;
}

/** The pool under db(), for the one thing Prisma cannot do: COPY FROM STDIN (lib/health/ingest-store.ts). */
export function pgPool(): pg.Pool {
  // db().$disconnect() ends it (disposeExternalPool); a later use gets a new one.
  if (!holder.phasegatePool || holder.phasegatePool.ending) {
    holder.phasegatePool = new pg.Pool({ connectionString: serverEnv().DATABASE_URL, max: 10 });
    // An idle connection the server ended (restart, outage) must not crash the process; the next query reconnects.
    holder.phasegatePool.on("error", () => {});
  }
  return holder.phasegatePool;
}
