// Deletes ended/expired sessions and old sign-in attempts in small batches, on a timer in every instance.
// SKIP LOCKED lets instances run at the same time without waiting on each other.
import { db } from "../db/client";
import { isDatabaseUnavailable } from "../db/unavailable";
import {
  HOUSEKEEPING_BATCH,
  HOUSEKEEPING_EVERY_MS,
  HOUSEKEEPING_MAX_BATCHES,
  housekeepingCutoffs,
} from "./housekeeping";

export type HousekeepingResult = { sessions: number; loginAttempts: number };

export async function pruneOnce(now = new Date()): Promise<HousekeepingResult> {
  const { sessionsEndedBefore, loginAttemptsBefore } = housekeepingCutoffs(now);
  const result: HousekeepingResult = { sessions: 0, loginAttempts: 0 };
  for (let batch = 0; batch < HOUSEKEEPING_MAX_BATCHES; batch++) {
    const deleted = await db().$executeRaw`
      DELETE FROM sessions WHERE id IN (
        SELECT id FROM sessions
        WHERE ended_at < ${sessionsEndedBefore} OR expires_at < ${sessionsEndedBefore}
        LIMIT ${HOUSEKEEPING_BATCH} FOR UPDATE SKIP LOCKED)`;
    result.sessions += deleted;
    if (deleted < HOUSEKEEPING_BATCH) break;
  }
  for (let batch = 0; batch < HOUSEKEEPING_MAX_BATCHES; batch++) {
    const deleted = await db().$executeRaw`
      DELETE FROM login_attempts WHERE id IN (
        SELECT id FROM login_attempts WHERE at < ${loginAttemptsBefore}
        LIMIT ${HOUSEKEEPING_BATCH} FOR UPDATE SKIP LOCKED)`;
    result.loginAttempts += deleted;
    if (deleted < HOUSEKEEPING_BATCH) break;
  }
  return result;
}

/** Runs pruneOnce now and every HOUSEKEEPING_EVERY_MS; returns a stop function. */
export function startHousekeeping(log: (message: string) => void): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const { sessions, loginAttempts } = await pruneOnce();
      if (sessions || loginAttempts)
        log(`housekeeping: deleted ${sessions} ended session(s) and ${loginAttempts} old sign-in attempt(s)`);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) log(`housekeeping failed: ${String(error)}`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), HOUSEKEEPING_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
