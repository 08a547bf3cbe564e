// The one Prisma client. Created on first use, so importing this module never needs DATABASE_URL (next build
// imports route modules), and kept on globalThis so dev reloads and duplicate bundles share one pool.
import { PrismaPg } from "@prisma/adapter-pg";
import { serverEnv } from "../env";
import { PrismaClient } from "./generated/client";

export type { PrismaClient } from "./generated/client";
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const holder = globalThis as unknown as { phasegatePrisma?: PrismaClient };

export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

export function db(): PrismaClient {
  holder.phasegatePrisma ??= createPrismaClient(serverEnv().DATABASE_URL);
  return holder.phasegatePrisma;
}
