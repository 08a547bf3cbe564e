// What may be deleted, and when: rows that only ever grow and stop mattering after a while. Pure: the service runs
// the deletes. Every instance may run the job; the deletes are idempotent and skip rows another instance holds.
import { THROTTLE } from "../auth/throttle";

/** Ended or expired sessions are kept a day, so that "signed out" and "expired" stay visible for a while. */
export const ENDED_SESSION_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Sign-in attempts matter only inside the throttle window; the margin keeps clock skew between instances harmless. */
export const LOGIN_ATTEMPT_RETENTION_MS = THROTTLE.windowMs + 60 * 60 * 1000;
export const HOUSEKEEPING_EVERY_MS = 10 * 60 * 1000;
/** Rows per DELETE, so one run never holds locks long; a run repeats until a batch comes back short. */
export const HOUSEKEEPING_BATCH = 1_000;
export const HOUSEKEEPING_MAX_BATCHES = 50;

export function housekeepingCutoffs(now: Date) {
  return {
    sessionsEndedBefore: new Date(now.getTime() - ENDED_SESSION_RETENTION_MS),
    loginAttemptsBefore: new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS),
  };
}
