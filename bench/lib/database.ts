// A throwaway database per benchmark run on DATABASE_URL's server (default: the local PostgreSQL), dropped after.
import { createDatabase, dropDatabase } from "../../lib/db/testing/test-database";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function withThrowawayDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const name = `phasegate_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const url = await createDatabase(ADMIN_URL, name);
  try {
    return await run(url);
  } finally {
    await dropDatabase(ADMIN_URL, name);
  }
}
