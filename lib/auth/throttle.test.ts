import { describe, expect, it } from "vitest";
import { retryAfterSeconds } from "./throttle";

const now = new Date("2026-11-25T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("sign-in throttling", () => {
  it("allows tries below the limit", () => {
    expect(retryAfterSeconds([minutesAgo(1), minutesAgo(2)], 5, now)).toBe(0);
  });

  it("blocks at the limit until the oldest counted failure leaves the 15-minute window", () => {
    const failures = [1, 2, 3, 4, 10].map(minutesAgo);
    expect(retryAfterSeconds(failures, 5, now)).toBe(5 * 60);
  });

  it("ignores failures older than the window", () => {
    expect(retryAfterSeconds([16, 17, 18, 19, 20].map(minutesAgo), 5, now)).toBe(0);
  });
});
