export type HealthReport = {
  status: "ok" | "degraded";
  version: string;
  time: string;
  database: { reachable: boolean; latencyMs: number | null; error?: string };
  /** "unknown" while the database cannot be asked (then applied and pending are null, not "everything"). */
  migrations:
    | { state: "current" | "pending"; current: boolean; applied: number; pending: string[] }
    | { state: "unknown"; current: false; applied: null; pending: null };
  /** Things an operator should fix that do not make the instance unhealthy (e.g. a role that can lift audit rules). */
  warnings: string[];
};

export type HealthFindings = {
  version: string;
  now: Date;
  database: HealthReport["database"];
  migrations: HealthReport["migrations"];
  warnings: string[];
};

/** Degraded when the database is out of reach or a migration is pending. */
export function toHealthReport(findings: HealthFindings): HealthReport {
  const ok = findings.database.reachable && findings.migrations.current;
  return {
    status: ok ? "ok" : "degraded",
    version: findings.version,
    time: findings.now.toISOString(),
    database: findings.database,
    migrations: findings.migrations,
    warnings: findings.warnings,
  };
}
