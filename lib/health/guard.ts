// The guard loop: every app instance runs it, only the one holding the "phasegate:health-guard" advisory lock
// evaluates (lib/background/leader.ts), so exactly one guard acts across all instances; when its instance dies,
// PostgreSQL frees the lock and another instance guards from its next interval. The leader also keeps the raw
// partitions (created ahead, expired days dropped) about once an hour.
import "server-only";
import { startLeader, type Leader, type Schedule } from "../background/leader";
import { now } from "../clock";
import { healthSettings } from "../env";
import { evaluateGuardOnce } from "./guard-service";
import { dropExpiredPartitions } from "./partition-store";

export const GUARD_LOCK_KEY = "phasegate:health-guard";
const MAINTENANCE_EVERY_MS = 3_600_000;

export type GuardOptions = {
  connectionString: string;
  intervalMs?: number;
  schedule?: Schedule;
  log?: (message: string) => void;
};

export function startGuard(options: GuardOptions): Leader {
  let maintainedAt = 0;
  return startLeader({
    connectionString: options.connectionString,
    lockKey: GUARD_LOCK_KEY,
    intervalMs: options.intervalMs ?? healthSettings().guardIntervalMs,
    schedule: options.schedule,
    log: options.log,
    tick: async () => {
      const at = now();
      if (at.getTime() - maintainedAt >= MAINTENANCE_EVERY_MS) {
        await dropExpiredPartitions(at, healthSettings().retentionDays);
        maintainedAt = at.getTime();
      }
      await evaluateGuardOnce(at);
    },
  });
}
