import { describe, expect, it } from "vitest";
import { inWindow, windowFor } from "./metrics";
import { EMPTY_TOTALS, judge, readMetric, staleReporters, type WindowTotals } from "./readings";

const now = new Date("2026-11-25T19:00:00.000Z");
const totals = (t: Partial<WindowTotals>): WindowTotals => ({ ...EMPTY_TOTALS, reports: 1, ...t });
const rule = (metric: "error_rate" | "message_delivery_success", comparison: "above" | "below", value: number) => ({
  metric,
  comparison,
  value,
  enabled: true,
});

describe("windows over interval starts", () => {
  it("includes a report starting exactly the window length ago and excludes one starting now", () => {
    const w = windowFor(now, 300);
    expect(inWindow(w, new Date("2026-11-25T18:55:00.000Z"))).toBe(true);
    expect(inWindow(w, new Date("2026-11-25T18:54:59.999Z"))).toBe(false);
    expect(inWindow(w, new Date("2026-11-25T18:59:59.999Z"))).toBe(true);
    expect(inWindow(w, now)).toBe(false);
  });
});

describe("readMetric", () => {
  it("computes each metric's formula", () => {
    const t = totals({
      requests: 1000,
      errors: 60,
      sent: 200,
      delivered: 180,
      attempted: 20,
      succeeded: 19,
      responseSumMs: 45_000,
      responseCount: 1000,
      restarts: 12,
    });
    const value = (m: Parameters<typeof readMetric>[0]) => {
      const r = readMetric(m, t, 1, now, now);
      return r.state === "value" ? r.value : undefined;
    };
    expect(value("error_rate")).toBeCloseTo(6);
    expect(value("message_delivery_success")).toBeCloseTo(90);
    expect(value("state_recovery_success")).toBeCloseTo(95);
    expect(value("average_response_time")).toBeCloseTo(45);
    expect(value("restart_frequency")).toBe(12);
  });

  it("reads a metric with no samples as no data with the newest sample's age, never 0", () => {
    const r = readMetric("message_delivery_success", EMPTY_TOTALS, 100, now, new Date("2026-11-25T18:58:20.000Z"));
    expect(r).toMatchObject({ state: "no_data", samples: 0, ageSeconds: 100 });
    expect(judge(r, rule("message_delivery_success", "below", 95))).toBe("no_data");
  });

  it("treats fewer samples than the minimum as no data, and exactly the minimum as a value", () => {
    expect(readMetric("error_rate", totals({ requests: 99, errors: 99 }), 100, now, now).state).toBe("no_data");
    const r = readMetric("error_rate", totals({ requests: 100, errors: 6 }), 100, now, now);
    expect(r).toMatchObject({ state: "value", value: 6, samples: 100 });
    expect(judge(r, rule("error_rate", "above", 5))).toBe("violating");
  });

  it("gives nothing ever reported no age", () => {
    expect(readMetric("restart_frequency", EMPTY_TOTALS, 1, now, null)).toMatchObject({
      state: "no_data",
      newestSampleAt: null,
      ageSeconds: null,
    });
  });

  it("reports zero restarts from a node that reported as a value, not as no data", () => {
    expect(readMetric("restart_frequency", totals({ restarts: 0 }), 1, now, now)).toMatchObject({
      state: "value",
      value: 0,
    });
  });
});

describe("judge", () => {
  const reading = (value: number) => readMetric("error_rate", totals({ requests: 100, errors: value }), 1, now, now);
  it("is strict at the threshold, as the plan compares (> 5 violates, 5 does not)", () => {
    expect(judge(reading(5), rule("error_rate", "above", 5))).toBe("ok");
    expect(judge(reading(6), rule("error_rate", "above", 5))).toBe("violating");
  });
  it("leaves a metric without an enabled threshold unwatched", () => {
    expect(judge(reading(50), undefined)).toBe("unwatched");
    expect(judge(reading(50), { ...rule("error_rate", "above", 5), enabled: false })).toBe("unwatched");
  });
});

describe("staleReporters", () => {
  it("lists nodes silent for longer than three of their intervals (at least 30 s)", () => {
    const at = (s: number) => new Date(now.getTime() - s * 1000);
    const stale = staleReporters(
      [
        { node: "a@h", intervalStart: at(20), intervalSeconds: 10 },
        { node: "b@h", intervalStart: at(60), intervalSeconds: 10 },
        { node: "c@h", intervalStart: at(400), intervalSeconds: 60 },
      ],
      now,
    );
    expect(stale).toEqual([
      { node: "c@h", lastReportAt: at(400).toISOString(), silentSeconds: 340 },
      { node: "b@h", lastReportAt: at(60).toISOString(), silentSeconds: 50 },
    ]);
  });
});
