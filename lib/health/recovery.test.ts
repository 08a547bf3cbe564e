import { describe, expect, it } from "vitest";
import { hasRecovered, type PastEvaluation } from "./recovery";

const opened = new Date("2026-01-01T12:00:00Z");
const run = (secondsAfter: number, verdict: "ok" | "violating" | "no_data"): PastEvaluation => ({
  at: new Date(opened.getTime() + secondsAfter * 1000),
  verdicts: { error_rate: verdict },
});
const recovered = (current: "ok" | "violating" | "no_data", previous: PastEvaluation[], required = 3) =>
  hasRecovered({ metric: "error_rate", openedAt: opened, current, previous, required });

describe("a threshold alert's recovery", () => {
  it("needs the metric ok for the configured evaluations in a row, the current one included", () => {
    expect(recovered("ok", [run(20, "ok"), run(10, "ok")])).toBe(true);
    expect(recovered("ok", [run(20, "ok")])).toBe(false);
    expect(recovered("ok", [run(20, "ok"), run(10, "violating")])).toBe(false);
    expect(recovered("violating", [run(20, "ok"), run(10, "ok")])).toBe(false);
  });

  it("does not count no data as recovered", () => {
    expect(recovered("no_data", [run(20, "ok"), run(10, "ok")])).toBe(false);
    expect(recovered("ok", [run(20, "no_data"), run(10, "ok")])).toBe(false);
  });

  it("counts only evaluations after the alert opened", () => {
    expect(recovered("ok", [run(10, "ok"), run(0, "ok")])).toBe(false);
    expect(recovered("ok", [run(10, "ok"), run(-10, "ok")])).toBe(false);
  });

  it("resolves on the first ok evaluation when one evaluation is required", () => {
    expect(recovered("ok", [], 1)).toBe(true);
    expect(recovered("no_data", [], 1)).toBe(false);
  });
});
