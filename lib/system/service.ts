import "server-only";
import type { HealthReport } from "./serializers";
import { db } from "../db/client";
import { listMigrationNames } from "../db/migration-status";
import { APP_VERSION } from "../env";

const UNKNOWN_MIGRATIONS = { state: "unknown", current: false, applied: null, pending: null } as const;

/** Is the database reachable and are all migrations applied? Never throws: the answer is the report. */
export async function checkHealth(): Promise<HealthReport> {
  const started = performance.now();
  const report: HealthReport = {
    status: "ok",
    version: APP_VERSION,
    time: new Date().toISOString(),
    database: { reachable: false, latencyMs: null },
    migrations: UNKNOWN_MIGRATIONS,
    warnings: [],
  };
  try {
    await db().$queryRaw`SELECT 1`;
    report.database = { reachable: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    report.database.error = lastLine(error);
  }
  if (report.database.reachable) {
    const applied = await appliedMigrations().catch(() => undefined);
    if (applied) {
      const pending = listMigrationNames().filter((name) => !applied.has(name));
      report.migrations = {
        state: pending.length ? "pending" : "current",
        current: !pending.length,
        applied: applied.size,
        pending,
      };
    }
  }
  if (!report.database.reachable || !report.migrations.current) report.status = "degraded";
  return report;
}

/** Applied migration names; an empty set when the table does not exist yet (a fresh database: all pending). */
async function appliedMigrations(): Promise<Set<string>> {
  const exists = await db().$queryRaw<{ present: boolean }[]>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`;
  if (!exists[0]?.present) return new Set();
  const rows = await db().$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return new Set(rows.map((row) => row.migration_name));
}

// Prisma puts "Invalid `prisma.$queryRaw()` invocation" first and the reason last.
function lastLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1)
      ?.slice(0, 200) || "unreachable"
  );
}
