import { describe, expect, it } from "vitest";
import { readinessGateResult, type LatestRunForGate } from "./gate";

const now = new Date("2026-12-04T12:00:00Z");
const settings = { maxAgeHours: 24, enabled: true };
const run = (over: Partial<LatestRunForGate> = {}): LatestRunForGate => ({
  id: 7,
  at: new Date(now.getTime() - 3_600_000),
  ready: true,
  passed: 17,
  total: 17,
  notPassed: [],
  ...over,
});

describe("the readiness gate", () => {
  it("passes a READY run younger than the limit", () => {
    expect(readinessGateResult(run(), now, settings)).toMatchObject({
      status: "pass",
      reason: /#7 is READY \(17\/17\)/,
    });
  });

  it("fails without a run, naming how to get one", () => {
    expect(readinessGateResult(null, now, settings)).toMatchObject({ status: "fail", reason: /No readiness run yet/ });
  });

  it("fails a NOT READY run listing the failed and the unknown checks", () => {
    const result = readinessGateResult(
      run({
        ready: false,
        passed: 15,
        notPassed: [
          { key: "error_handling.no_catch_all", name: "No catch-all handlers", status: "failed" },
          { key: "testing.integration_tests", name: "Integration tests pass", status: "unknown" },
        ],
      }),
      now,
      settings,
    );
    expect(result.status).toBe("fail");
    expect(result.reason).toBe(
      "Readiness run #7 is NOT READY (15/17); failed: No catch-all handlers (error_handling.no_catch_all); unknown: Integration tests pass (testing.integration_tests).",
    );
  });

  it("fails a READY run older than the limit; exactly at the limit still counts", () => {
    const old = run({ at: new Date(now.getTime() - 24 * 3_600_000 - 1) });
    expect(readinessGateResult(old, now, settings)).toMatchObject({
      status: "fail",
      reason: /must be younger than 24 h/,
    });
    expect(readinessGateResult(run({ at: new Date(now.getTime() - 24 * 3_600_000) }), now, settings).status).toBe(
      "pass",
    );
    expect(readinessGateResult(old, now, { ...settings, maxAgeHours: 48 }).status).toBe("pass");
  });

  it("passes, saying so, when switched off", () => {
    expect(readinessGateResult(null, now, { ...settings, enabled: false })).toMatchObject({
      status: "pass",
      reason: /switched off/,
    });
  });
});
