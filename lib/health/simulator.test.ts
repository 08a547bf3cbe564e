import { describe, expect, it } from "vitest";
import { EMPTY_TOTALS, readMetric, type WindowTotals } from "./readings";
import { intervalStarts, simulateInterval, type Scenario, type V2Flag } from "./simulator";

const now = new Date("2026-11-25T19:00:00.000Z");

function errorRate(scenario: Scenario, flag: V2Flag): number | null {
  const reports = intervalStarts(now, 300, 10).flatMap((at) => simulateInterval(scenario, 5, at, 10, flag));
  const totals: WindowTotals = { ...EMPTY_TOTALS };
  for (const r of reports) {
    totals.reports++;
    totals.requests += r.requests;
    totals.errors += r.errors.reduce((s, e) => s + e.count, 0);
  }
  const reading = readMetric("error_rate", totals, 100, now, now);
  return reading.state === "value" ? reading.value : null;
}

describe("simulator scenarios", () => {
  it("bad-canary crosses 5 % errors with v2 on 10 % of coordinators, and recovers when v2 is off", () => {
    expect(errorRate("bad-canary", { kind: "percentage", percentage: 10 })).toBeGreaterThan(5);
    expect(errorRate("bad-canary", { kind: "off" })).toBeLessThan(1);
  });
  it("steady stays well under the threshold; silent sends nothing", () => {
    expect(errorRate("steady", { kind: "percentage", percentage: 10 })).toBeLessThan(1);
    expect(errorRate("silent", { kind: "on" })).toBeNull();
  });
  it("lays interval starts on aligned boundaries before now", () => {
    expect(intervalStarts(new Date("2026-11-25T19:00:05.000Z"), 30, 10).map((d) => d.toISOString())).toEqual([
      "2026-11-25T18:59:30.000Z",
      "2026-11-25T18:59:40.000Z",
      "2026-11-25T18:59:50.000Z",
    ]);
  });
});
