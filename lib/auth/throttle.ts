// Sign-in throttling: too many recent failures for one username, or from one client address, blocks further tries
// until the window moves past them. Pure: the service counts, this decides.

export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 20,
};

/** Seconds until another try is allowed, or 0 when allowed now. `failures` are failure times, any order. */
export function retryAfterSeconds(
  failures: readonly Date[],
  max: number,
  now: Date,
  windowMs = THROTTLE.windowMs,
): number {
  const recent = failures
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - windowMs)
    .sort((a, b) => a - b);
  if (recent.length < max) return 0;
  // Allowed again once enough of the oldest failures have aged out of the window.
  const unblockAt = recent[recent.length - max]! + windowMs;
  return Math.max(1, Math.ceil((unblockAt - now.getTime()) / 1000));
}
