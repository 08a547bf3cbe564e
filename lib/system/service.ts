import "server-only";
import type { HealthReport } from "./serializers";
import { db } from "../db/client";
import { listMigrationNames } from "../db/migration-status";
import { APP_VERSION } from "../env";

/** Is the database reachable and are all migrations applied? Never throws: the answer is the report. */
export async function checkHealth(): Promise<HealthReport> {
  const started = performance.now();
  const report: HealthReport = {
    status: "ok",
    version: APP_VERSION,
    time: new Date().toISOString(),
    database: { reachable: false, latencyMs: null },
    migrations: { current: false, applied: 0, pending: listMigrationNames() },
  };
  try {
    await db().$queryRaw`SELECT 1`;
    report.database = { reachable: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    report.database.error = firstLine(error);
  }
  if (report.database.reachable) {
    const applied = await appliedMigrations().catch(() => new Set<string>());
    const pending = listMigrationNames().filter((name) => !applied.has(name));
    report.migrations = { current: pending.length === 0, applied: applied.size, pending };
  }
  if (!report.database.reachable || !report.migrations.current) report.status = "degraded";
  return report;
}

async function appliedMigrations(): Promise<Set<string>> {
  const rows = await db().$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return new Set(rows.map((row) => row.migration_name));
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.slice(0, 200) || "unreachable";
}
