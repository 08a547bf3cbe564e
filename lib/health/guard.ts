// The guard loop: every app instance runs it, only the one holding the "phasegate:health-guard" advisory lock
// evaluates (lib/background/leader.ts), so exactly one guard acts across all instances; when its instance dies,
// PostgreSQL frees the lock and another instance guards from its next interval. The leader also keeps the raw
// partitions (created ahead, expired days dropped) about once an hour. With one evaluation enough to act, the leader
// also evaluates when reports arrive (wakesOnIngest).
import "server-only";
import { startLeader, type Leader, type Schedule } from "../background/leader";
import { now } from "../clock";
import { notifyListener } from "../db/notify";
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
  let ticking = false;
  let wakeAgain = false;
  const leader = startLeader({
    connectionString: options.connectionString,
    lockKey: GUARD_LOCK_KEY,
    intervalMs: options.intervalMs ?? healthSettings().guardIntervalMs,
    schedule: options.schedule,
    log: options.log,
    tick: async () => {
      ticking = true;
      try {
        const at = now();
        if (at.getTime() - maintainedAt >= MAINTENANCE_EVERY_MS) {
          await dropExpiredPartitions(at, healthSettings().retentionDays);
          maintainedAt = at.getTime();
        }
        await evaluateGuardOnce(at);
      } finally {
        ticking = false;
        // Reports arrived while this evaluation read the metrics: evaluate once more (after the run has settled).
        if (wakeAgain) setImmediate(() => void leader.runInterval());
        wakeAgain = false;
      }
    },
  });
  const unsubscribe = wakesOnIngest()
    ? notifyListener().subscribe((event) => {
        if (event.type !== "health.ingested" || !leader.leading) return;
        if (ticking) wakeAgain = true;
        else void leader.runInterval();
      })
    : () => {};
  return {
    get leading() {
      return leader.leading;
    },
    runInterval: leader.runInterval,
    async stop() {
      unsubscribe();
      await leader.stop();
    },
  };
}

/** With one evaluation enough to act, the leader evaluates as soon as reports arrive (health.ingested, at most once
 * a second per instance) instead of up to an interval later. With more, it keeps its interval: extra evaluations
 * would shorten what "N evaluations in a row" means in time. */
function wakesOnIngest(): boolean {
  return healthSettings().consecutiveRequired === 1;
}
