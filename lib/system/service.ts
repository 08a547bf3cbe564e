import "server-only";
import { toHealthReport, type HealthReport } from "./serializers";
import { db } from "../db/client";
import { listMigrationNames } from "../db/migration-status";
import { APP_VERSION } from "../env";

const UNKNOWN_MIGRATIONS = { state: "unknown", current: false, applied: null, pending: null } as const;

/** Is the database reachable and are all migrations applied? Never throws: the answer is the report. */
export async function checkHealth(): Promise<HealthReport> {
  const now = new Date();
  const started = performance.now();
  let database: HealthReport["database"] = { reachable: false, latencyMs: null };
  let migrations: HealthReport["migrations"] = UNKNOWN_MIGRATIONS;
  let warnings: string[] = [];
  try {
    await db().$queryRaw`SELECT 1`;
    database = { reachable: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    database.error = lastLine(error);
  }
  if (database.reachable) {
    const applied = await appliedMigrations().catch(() => undefined);
    if (applied) {
      const pending = listMigrationNames().filter((name) => !applied.has(name));
      migrations = {
        state: pending.length ? "pending" : "current",
        current: !pending.length,
        applied: applied.size,
        pending,
      };
    }
    warnings = await auditBypassWarnings().catch(() => []);
  }
  return toHealthReport({ version: APP_VERSION, now, database, migrations, warnings });
}

/**
 * A role that is a superuser, owns audit_events (or is a member of its owner) or has the replication attribute can
 * switch the append-only trigger off (DISABLE TRIGGER, session_replication_role = replica). Not unhealthy, but
 * the operator should know: README "Least privilege" has the set-up.
 */
async function auditBypassWarnings(): Promise<string[]> {
  const rows = await db().$queryRaw<
    { role: string; superuser: boolean; replication: boolean; owner: boolean | null }[]
  >`
    SELECT current_user::text AS role, r.rolsuper AS superuser, r.rolreplication AS replication,
           (SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
             WHERE c.oid = to_regclass('audit_events')) AS owner
    FROM pg_roles r WHERE r.rolname = current_user`;
  const row = rows[0];
  if (!row) return [];
  const powers = [
    row.superuser && "is a superuser",
    row.owner && "owns audit_events",
    row.replication && "has the replication attribute",
  ].filter(Boolean);
  if (!powers.length) return [];
  return [
    `The database role "${row.role}" ${powers.join(" and ")}, so it can switch off the audit trail's append-only rule. Serve as a role that owns nothing (README: Least privilege).`,
  ];
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
