import "server-only";
import { db, type Transaction } from "../db/client";
import { AppError } from "../http/errors";
import { THROTTLE, retryAfterSeconds } from "./throttle";

/**
 * Claims one password attempt (a sign-in, or the current password on a password change) for a username from a
 * client address, or refuses it with 429 when either has too many recent failures. Checking and recording are one
 * step: under a per-username and a per-address advisory lock the attempt is written as a failure before the
 * password is verified, so parallel guesses count each other; a right password then marks it a success.
 */
export async function claimPasswordAttempt(username: string, clientIp: string): Promise<bigint> {
  return db().$transaction(
    async (tx) => {
      // Always username first, then address: two claims never wait for each other in a cycle.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`password-attempt:user:${username}`}, 0))`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`password-attempt:address:${clientIp}`}, 0))`;
      await refuseIfThrottled(tx, username, clientIp);
      const attempt = await tx.loginAttempt.create({
        data: { username, clientIp, success: false },
        select: { id: true },
      });
      return attempt.id;
    },
    // A burst of guesses queues on the locks and the pool: waiting is the point, so wait longer than Prisma's 2 s.
    { maxWait: 30_000, timeout: 30_000 },
  );
}

/** The claimed attempt had the right password (in the transaction that acts on it). */
export async function markPasswordAttemptSucceeded(tx: Transaction, attemptId: bigint): Promise<void> {
  await tx.loginAttempt.update({ where: { id: attemptId }, data: { success: true } });
}

async function refuseIfThrottled(tx: Transaction, username: string, clientIp: string) {
  const since = new Date(Date.now() - THROTTLE.windowMs);
  const lastSuccess = await tx.loginAttempt.findFirst({
    where: { username, success: true, at: { gte: since } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  const byUser = await tx.loginAttempt.findMany({
    where: { username, success: false, at: { gt: lastSuccess?.at ?? since } },
    select: { at: true },
  });
  const byAddress = await tx.loginAttempt.findMany({
    where: { clientIp, success: false, at: { gt: since } },
    select: { at: true },
  });
  const now = new Date();
  const wait = Math.max(
    retryAfterSeconds(
      byUser.map((a) => a.at),
      THROTTLE.maxFailuresPerUser,
      now,
    ),
    retryAfterSeconds(
      byAddress.map((a) => a.at),
      THROTTLE.maxFailuresPerAddress,
      now,
    ),
  );
  if (wait > 0) {
    throw new AppError("rate_limited", `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} min.`, {
      headers: { "retry-after": String(wait) },
    });
  }
}
