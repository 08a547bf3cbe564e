import { describe, expect, it } from "vitest";
import { THROTTLE } from "../auth/throttle";
import { housekeepingCutoffs } from "./housekeeping";

describe("housekeeping cutoffs", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  const { sessionsEndedBefore, loginAttemptsBefore } = housekeepingCutoffs(now);

  it("never deletes a sign-in attempt the throttle still counts", () => {
    expect(loginAttemptsBefore.getTime()).toBeLessThan(now.getTime() - THROTTLE.windowMs);
    expect(loginAttemptsBefore.toISOString()).toBe("2026-11-25T10:45:00.000Z");
  });

  it("keeps ended and expired sessions for a day", () => {
    expect(sessionsEndedBefore.toISOString()).toBe("2026-11-24T12:00:00.000Z");
  });
});
