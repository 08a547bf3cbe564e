import { describe, expect, it } from "vitest";
import { intervalStarts, simulateInterval, type Scenario } from "../health/simulator";
import { parseIngestBody } from "../health/ingest";
import { addTotals, canaryHold, cohortValue, cumulativeSeries, findingFor, regressionsOf } from "./findings";
import { DEFAULT_CANARY_POLICIES } from "./judge";
import { emptyTotals } from "./totals";
import type { CohortTotals } from "./types";

const now = new Date("2026-11-25T19:00:00.000Z");
const EMPTY: CohortTotals = emptyTotals();

/** Per minute, the cohorts of the v2 flag at 10 % as the simulator reports them, through the real parser. */
function minutes(scenario: Scenario, count: number, nodes = 5) {
  const reports = intervalStarts(now, count * 60, 10).flatMap((at) =>
    simulateInterval(scenario, nodes, at, 10, { kind: "percentage", percentage: 10 }, { cohorts: true }),
  );
  const byMinute = new Map<number, { at: Date; canary: CohortTotals; control: CohortTotals }>();
  for (const row of parseIngestBody({ reports }, now, 7)) {
    const t = Math.floor(Date.parse(row.intervalStart) / 60_000) * 60_000;
    const m = byMinute.get(t) ?? { at: new Date(t), canary: EMPTY, control: EMPTY };
    for (const c of row.cohorts ?? []) {
      const totals: CohortTotals = {
        requests: c.requests,
        errors: c.errors,
        messagesSent: c.sent,
        messagesDelivered: c.delivered,
        recoveriesAttempted: c.attempted,
        recoveriesSucceeded: c.succeeded,
        restarts: c.restarts,
        responseCount: c.responseCount,
        responseSumMs: c.responseSumMs,
        responseBuckets: c.responseBuckets,
      };
      if (c.variant === "on") m.canary = addTotals(m.canary, totals);
      else m.control = addTotals(m.control, totals);
    }
    byMinute.set(t, m);
  }
  return [...byMinute.values()];
}

const total = (ms: ReturnType<typeof minutes>) => ({
  canary: ms.reduce((a, m) => addTotals(a, m.canary), EMPTY),
  control: ms.reduce((a, m) => addTotals(a, m.control), EMPTY),
});

describe("canary findings from simulated cohorts", () => {
  const since = new Date(now.getTime() - 5 * 60_000);
  const flag = { key: "use_v2_coordinator", percentage: 10, since };

  it("subtle-canary: 20 % against 1 % errors is regressed, though the global rate is under 5 %", () => {
    const pair = total(minutes("subtle-canary", 5));
    const global = ((pair.canary.errors + pair.control.errors) / (pair.canary.requests + pair.control.requests)) * 100;
    expect(global).toBeGreaterThan(2);
    expect(global).toBeLessThan(5);
    expect(cohortValue("error_rate", pair.canary)).toBeGreaterThan(15);
    const finding = findingFor(flag, pair, DEFAULT_CANARY_POLICIES);
    expect(finding.overall).toBe("regressed");
    expect(canaryHold([finding])).toContain("use_v2_coordinator error_rate regressed");
  });

  it("slow-canary regresses on latency only; a-a regresses nothing and, undecided, holds", () => {
    const slow = findingFor(flag, total(minutes("slow-canary", 5)), DEFAULT_CANARY_POLICIES);
    expect(slow.verdicts.filter((v) => v.verdict === "regressed").map((v) => v.metric)).toEqual([
      "average_response_time",
    ]);
    const aa = findingFor(flag, total(minutes("a-a", 5, 1)), DEFAULT_CANARY_POLICIES);
    expect(aa.verdicts.some((v) => v.verdict === "regressed")).toBe(false);
    expect(aa.overall).toBe("insufficient_data");
    expect(canaryHold([aa])).toMatch(/insufficient data/);
  });

  it("a flag no report labels has nothing to judge: no regression, but it holds the gate", () => {
    const finding = findingFor(flag, { canary: EMPTY, control: EMPTY }, DEFAULT_CANARY_POLICIES);
    expect(finding.overall).toBe("no_data");
    expect(regressionsOf([finding])).toEqual([]);
    expect(canaryHold([finding])).toMatch(/use_v2_coordinator has no cohort data/);
  });

  it("replays the judge minute by minute: the time to decision is the first minute it decided", () => {
    const start = new Date(now.getTime() - 10 * 60_000);
    const { points, decidedAt } = cumulativeSeries(minutes("subtle-canary", 10), DEFAULT_CANARY_POLICIES, start);
    expect(decidedAt.error_rate?.verdict).toBe("regressed");
    expect(decidedAt.error_rate!.minutes).toBeGreaterThanOrEqual(1);
    const errorPoints = points.filter((p) => p.metric === "error_rate");
    expect(errorPoints.at(-1)!.verdict).toBe("regressed");
    expect(errorPoints.at(-1)!.canarySamples).toBeGreaterThan(errorPoints[0]!.canarySamples);
  });
});
