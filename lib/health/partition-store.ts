// Daily partitions of interval_reports: created ahead, dropped whole after the retention (a DROP of one day's table,
// no DELETE scanning rows). Runs at start-up, from the guard's leader once per interval, and on demand when a
// report arrives for a day without a partition.
import "server-only";
import { db, type PrismaClient } from "../db/client";

const DAY_MS = 86_400_000;
const NAME = /^interval_reports_p(\d{4})(\d{2})(\d{2})$/;

function dayStart(t: number): Date {
  const d = new Date(t);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

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
  const today = dayStart(now.getTime()).getTime();
  for (let offset = -retentionDays; offset <= daysAhead; offset++) {
    const from = new Date(today + offset * DAY_MS);
    const to = new Date(from.getTime() + DAY_MS);
    // Names and bounds come from dates we computed, never from input.
    await client.$executeRawUnsafe(
      `CREATE TABLE IF NOT EXISTS "${partitionName(from)}" PARTITION OF interval_reports
       FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
    );
  }
}

/** Drops the partitions whose whole day ended before the retention; returns their names. */
export async function dropExpiredPartitions(
  now: Date,
  retentionDays: number,
  client: PrismaClient = db(),
): Promise<string[]> {
  const cutoff = dayStart(now.getTime() - retentionDays * DAY_MS).getTime();
  const rows = await client.$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'interval_reports'`;
  const dropped: string[] = [];
  for (const { name } of rows) {
    const m = NAME.exec(name);
    if (!m) continue;
    const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (day + DAY_MS > cutoff) continue;
    await client.$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
    dropped.push(name);
  }
  return dropped;
}
