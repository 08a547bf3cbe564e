// When a failed delivery is tried again: exponential backoff with jitter, for a day after the event, then dead.
// Jitter spreads the retries of many deliveries that failed together (a receiver's outage) so they do not return
// as one burst. Pure: the caller passes the clock and the random number.

export const RETRY_FOR_MS = 24 * 60 * 60_000;
export const FIRST_RETRY_MS = 10_000;
export const MAX_RETRY_MS = 60 * 60_000;

export type AfterFailure = { status: "failed"; nextAttemptAt: Date } | { status: "dead" };

/** The delay before attempt `attempts + 1`: 10 s, 20 s, 40 s, … capped at an hour, each scaled by 0.5..1. */
export function retryDelayMs(attempts: number, random: number): number {
  const exponential = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
  return Math.round(exponential * (0.5 + Math.min(Math.max(random, 0), 1) / 2));
}

export function afterFailure(attempts: number, createdAt: Date, now: Date, random: number): AfterFailure {
  const next = new Date(now.getTime() + retryDelayMs(attempts, random));
  return next.getTime() - createdAt.getTime() > RETRY_FOR_MS
    ? { status: "dead" }
    : { status: "failed", nextAttemptAt: next };
}
