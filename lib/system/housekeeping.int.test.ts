// Sessions and sign-in attempts are pruned: old ended/expired sessions and attempts outside the throttle window
// go, everything still in use stays.
import { describe, expect, it } from "vitest";
import { createPerson } from "../auth/testing/principals";
import { db } from "../db/client";
import { pruneOnce } from "./housekeeping-service";

const HOUR = 60 * 60 * 1000;

describe("housekeeping", () => {
  it("deletes sessions that ended or expired over a day ago and sign-in attempts older than the throttle window", async () => {
    const user = await createPerson("viewer");
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const session = (label: string, expiresAt: Date, endedAt: Date | null) =>
      db().session.create({
        data: { tokenHash: `hash-${label}`, userId: user.id, csrfToken: "c", expiresAt, endedAt, userAgent: label },
      });
    await session("active", new Date(now.getTime() + HOUR), null);
    await session("ended-recently", new Date(now.getTime() + HOUR), ago(HOUR));
    await session("ended-long-ago", ago(40 * HOUR), ago(48 * HOUR));
    await session("expired-long-ago", ago(30 * HOUR), null);
    const attempt = (at: Date) => ({ username: user.username, clientIp: "10.9.9.9", success: false, at });
    await db().loginAttempt.createMany({
      data: [attempt(ago(10 * 60 * 1000)), attempt(ago(3 * HOUR)), attempt(ago(50 * HOUR))],
    });

    const result = await pruneOnce(now);

    expect(result).toEqual({ sessions: 2, loginAttempts: 2 });
    const left = await db().session.findMany({ where: { userId: user.id }, orderBy: { userAgent: "asc" } });
    expect(left.map((s) => s.userAgent)).toEqual(["active", "ended-recently"]);
    expect(await db().loginAttempt.count({ where: { clientIp: "10.9.9.9" } })).toBe(1);
    expect(await pruneOnce(now)).toEqual({ sessions: 0, loginAttempts: 0 }); // idempotent
  });
});
