import { describe, expect, it } from "vitest";
import { decideGuard, DEFAULT_GUARD_CONFIG, type GuardInput } from "./guard-decision";
import { EMPTY_TOTALS, readMetric } from "./readings";

const now = new Date("2026-11-25T19:00:00.000Z");
const errorRate = (percent: number | null) =>
  readMetric(
    "error_rate",
    percent === null ? EMPTY_TOTALS : { ...EMPTY_TOTALS, reports: 1, requests: 1000, errors: percent * 10 },
    100,
    now,
    now,
  );
const base: GuardInput = {
  now,
  readings: [errorRate(8)],
  rules: [{ metric: "error_rate", comparison: "above", value: 5, enabled: true }],
  previousConsecutive: {},
  lastAutoRollbackAt: null,
  rollout: { currentPhase: 4, firstPhase: 1, status: "active" },
  config: DEFAULT_GUARD_CONFIG,
};

/** Runs evaluations in a row, carrying the consecutive counts forward like the guard does. */
function run(percents: (number | null)[], input: Partial<GuardInput> = {}) {
  let previous = {};
  return percents.map((p) => {
    const d = decideGuard({ ...base, ...input, readings: [errorRate(p)], previousConsecutive: previous });
    previous = d.consecutive;
    return d;
  });
}

describe("decideGuard", () => {
  it("rolls back only after three violating evaluations in a row, with the evidence", () => {
    const [a, b, c] = run([8, 8, 8]);
    expect(a!.action.kind).toBe("none");
    expect(b!.action.kind).toBe("none");
    expect(c!.action).toMatchObject({ kind: "roll_back", from: 4 });
    expect(c!.sustained).toEqual([
      {
        metric: "error_rate",
        value: 8,
        comparison: "above",
        threshold: 5,
        windowSeconds: 300,
        samples: 1000,
        consecutive: 3,
      },
    ]);
  });

  it("restarts the count when an evaluation is ok or has no data", () => {
    expect(run([8, 8, 4, 8, 8]).map((d) => d.action.kind)).toEqual(["none", "none", "none", "none", "none"]);
    expect(run([8, 8, null, 8, 8, 8]).map((d) => d.consecutive.error_rate)).toEqual([1, 2, 0, 1, 2, 3]);
  });

  it("never counts no data as a violation", () => {
    const decisions = run([null, null, null, null]);
    expect(decisions.every((d) => d.violations.length === 0 && d.action.kind === "none")).toBe(true);
    expect(decisions[0]!.verdicts.error_rate).toBe("no_data");
  });

  it("acts after one evaluation when configured so", () => {
    expect(run([8], { config: { consecutiveRequired: 1, cooldownSeconds: 600 } })[0]!.action.kind).toBe("roll_back");
  });

  it("holds during the cooldown and acts again once it has passed", () => {
    const inCooldown = { lastAutoRollbackAt: new Date(now.getTime() - 599_000) };
    expect(run([8, 8, 8], inCooldown)[2]!.action).toMatchObject({ kind: "held", why: "cooldown" });
    const after = { lastAutoRollbackAt: new Date(now.getTime() - 600_000) };
    expect(run([8, 8, 8], after)[2]!.action.kind).toBe("roll_back");
  });

  it("holds while frozen, at the first phase, and before the rollout starts", () => {
    const at = (currentPhase: number | null, status: "active" | "frozen" = "active") => ({
      rollout: { currentPhase, firstPhase: 1, status },
    });
    expect(run([8, 8, 8], at(3, "frozen"))[2]!.action).toMatchObject({ kind: "held", why: "frozen" });
    expect(run([8, 8, 8], at(1))[2]!.action).toMatchObject({ kind: "held", why: "first_phase" });
    expect(run([8, 8, 8], at(null))[2]!.action).toMatchObject({ kind: "held", why: "not_started" });
  });

  it("ignores a disabled threshold", () => {
    const rules = [{ metric: "error_rate" as const, comparison: "above" as const, value: 5, enabled: false }];
    expect(run([50, 50, 50], { rules })[2]!.action.kind).toBe("none");
  });
});
