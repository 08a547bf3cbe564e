import { describe, expect, it } from "vitest";
import { evaluateGates, soakGate, type Gate } from "./gates";

const entered = new Date("2026-11-25T10:00:00Z");
const context = (minutesLater: number, monitorForMinutes: number | null = 30) => ({
  now: new Date(entered.getTime() + minutesLater * 60_000),
  phase: { number: 1, monitorForMinutes },
  enteredAt: entered,
  nextPhase: 2,
});

describe("the soak gate", () => {
  it("fails until the monitor-for time has elapsed, saying how long is left", () => {
    const result = soakGate.evaluate(context(12));
    expect(result).toMatchObject({ name: "soak", status: "fail", evidence: { elapsedMinutes: 12 } });
    expect(result.reason).toContain("18 min to go");
  });

  it("passes once the time is up, and when the phase has no monitor-for time", () => {
    expect(soakGate.evaluate(context(30)).status).toBe("pass");
    expect(soakGate.evaluate(context(0, null)).status).toBe("pass");
  });

  it("is unavailable (never a pass) when the entry time is unknown", () => {
    expect(soakGate.evaluate({ ...context(60), enteredAt: null }).status).toBe("unavailable");
  });
});

it("a gate that throws or rejects is unavailable, not a pass", async () => {
  const broken: Gate = {
    name: "health",
    evaluate: () => {
      throw new Error("no metrics");
    },
  };
  const rejecting: Gate = { name: "readiness", evaluate: () => Promise.reject(new Error("no run yet")) };
  const results = await evaluateGates([broken, rejecting, soakGate], context(31));
  expect(results.map((g) => g.status)).toEqual(["unavailable", "unavailable", "pass"]);
});
