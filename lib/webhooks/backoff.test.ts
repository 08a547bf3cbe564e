import { describe, expect, it } from "vitest";
import { afterFailure, MAX_RETRY_MS, RETRY_FOR_MS, retryDelayMs } from "./backoff";

describe("retry backoff", () => {
  it("doubles from 10 s up to an hour, scaled by jitter between half and all of it", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(1, 0)).toBe(5_000);
    expect(retryDelayMs(30, 1)).toBe(MAX_RETRY_MS);
  });

  it("keeps retrying for a day after the event, then gives up", () => {
    const created = new Date("2026-11-25T00:00:00Z");
    const early = afterFailure(3, created, new Date(created.getTime() + 60_000), 1);
    expect(early).toEqual({ status: "failed", nextAttemptAt: new Date(created.getTime() + 60_000 + 40_000) });
    expect(afterFailure(20, created, new Date(created.getTime() + RETRY_FOR_MS - 1_000), 1)).toEqual({
      status: "dead",
    });
  });
});
