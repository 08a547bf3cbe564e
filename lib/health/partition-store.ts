// Daily partitions of interval_reports: created ahead, dropped whole after the retention (a DROP of one day's table,
// no DELETE scanning rows). The work is done by phasegate_maintain_interval_partitions (see the health migration),
// which runs as the tables' owner, because the app serves as a role that owns nothing. Called at start-up, by the
// guard's leader, and on demand when a report arrives for a day without a partition.
import "server-only";
import { db, type PrismaClient } from "../db/client";

export function partitionName(day: Date): string {
  return `interval_reports_p${day.toISOString().slice(0, 10).replaceAll("-", "")}`;
}

/** Partitions for every day from the retention's first day to `daysAhead` after today (idempotent). */
export async function ensurePartitions(
  now: Date,
  retentionDays: number,
  daysAhead = 2,
  client: PrismaClient = db(),
): Promise<void> {
  await client.$queryRaw`SELECT phasegate_maintain_interval_partitions(${now}::timestamptz, ${retentionDays}::int, ${daysAhead}::int, false)`;
}

/** Ensures the partitions and drops those whose whole day ended before the retention; returns the dropped names. */
export async function dropExpiredPartitions(
  now: Date,
  retentionDays: number,
  client: PrismaClient = db(),
): Promise<string[]> {
  const rows = await client.$queryRaw<{ dropped: string[] }[]>`
    SELECT phasegate_maintain_interval_partitions(${now}::timestamptz, ${retentionDays}::int, 2, true) AS dropped`;
  return rows[0]?.dropped ?? [];
}
