import { describe, expect, it } from "vitest";
import { DEFAULT_CANARY_POLICIES, judgeCanary } from "./judge";
import { squaredCoefficientOfVariation } from "./latency";
import { emptyTotals } from "./totals";
import { CANARY_METRICS, type CanaryMetric, type CanaryPolicy, type CohortTotals } from "./types";

const cohort = (over: Partial<CohortTotals>): CohortTotals => ({ ...emptyTotals(), ...over });
const policy = (metric: CanaryMetric, over: Partial<CanaryPolicy> = {}): CanaryPolicy => ({
  ...DEFAULT_CANARY_POLICIES.find((p) => p.metric === metric)!,
  ...over,
});
const judgeOne = (canary: CohortTotals, control: CohortTotals, p: CanaryPolicy) => {
  const verdicts = judgeCanary(canary, control, [p]);
  expect(verdicts).toHaveLength(1);
  return verdicts[0]!;
};

describe("DEFAULT_CANARY_POLICIES", () => {
  it("covers every metric once, with alphas that add up to at most 5 % across the guard's metrics", () => {
    expect(DEFAULT_CANARY_POLICIES.map((p) => p.metric).sort()).toEqual([...CANARY_METRICS].sort());
    expect(DEFAULT_CANARY_POLICIES.reduce((sum, p) => sum + p.alpha, 0)).toBeLessThanOrEqual(0.05 + 1e-12);
  });
});

describe("invalid policies", () => {
  it.each([
    [{ alpha: 0 }, "alpha"],
    [{ alpha: 1 }, "alpha"],
    [{ maxDegradation: 0 }, "maxDegradation"],
    [{ minSamples: -1 }, "minSamples"],
    [{ negligibleRate: 1 }, "negligibleRate"],
  ])("%j holds with a reason naming the field", (over, field) => {
    const bad = policy("error_rate", over);
    const v = judgeOne(cohort({ requests: 1000, errors: 900 }), cohort({ requests: 9000, errors: 9 }), bad);
    expect(v.verdict).toBe("insufficient_data");
    expect(v.reason).toContain(field);
  });
});

describe("judgeCanary on counts", () => {
  it("regressed when the whole interval lies above the acceptable degradation", () => {
    // The interval is the scipy reference of sequential.test.ts (canary 200/1000 vs control 90/9000, alpha 0.01).
    const v = judgeOne(
      cohort({ requests: 1000, errors: 200 }),
      cohort({ requests: 9000, errors: 90 }),
      policy("error_rate"),
    );
    expect(v.verdict).toBe("regressed");
    expect(v.effect).toMatchObject({ kind: "ratio", estimate: 20, confidence: 0.99 });
    expect(v.effect!.lower).toBeCloseTo(10.395070124077028, 8);
    expect(v.effect!.upper).toBeCloseTo(40.80132768348198, 8);
    expect([v.canarySamples, v.controlSamples]).toEqual([1000, 9000]);
    expect(v.reason).toContain("canary 20.0 % vs control 1.0 %");
  });

  it("ok when the whole interval lies below it", () => {
    const v = judgeOne(
      cohort({ requests: 20000, errors: 400 }),
      cohort({ requests: 180000, errors: 3600 }),
      policy("error_rate"),
    );
    expect(v.verdict).toBe("ok");
    expect(v.effect!.upper).toBeLessThan(1.5);
  });

  it("insufficient data while the interval straddles it, even with an alarming estimate", () => {
    const v = judgeOne(
      cohort({ requests: 300, errors: 9 }),
      cohort({ requests: 2700, errors: 27 }),
      policy("error_rate"),
    );
    expect(v.effect!.estimate).toBeCloseTo(3, 10);
    expect(v.effect!.lower).toBeLessThan(1.5);
    expect(v.verdict).toBe("insufficient_data");
  });

  it("insufficient data below minSamples in either cohort, whatever the interval says", () => {
    const v = judgeOne(
      cohort({ requests: 199, errors: 180 }),
      cohort({ requests: 100000, errors: 10 }),
      policy("error_rate"),
    );
    expect(v.effect!.lower).toBeGreaterThan(1.5);
    expect(v.verdict).toBe("insufficient_data");
    expect(v.reason).toContain("fewer than 200 samples");
  });

  it("ok on a negligible canary rate when neither cohort has errors, never without the floor", () => {
    const canary = cohort({ requests: 20000 });
    const control = cohort({ requests: 180000 });
    expect(judgeOne(canary, control, policy("error_rate")).verdict).toBe("ok");
    expect(judgeOne(canary, control, policy("error_rate", { negligibleRate: undefined })).verdict).toBe(
      "insufficient_data",
    );
  });

  it("counts failed deliveries and failed recoveries as the bad events", () => {
    const d = judgeOne(
      cohort({ messagesSent: 2000, messagesDelivered: 1800 }),
      cohort({ messagesSent: 18000, messagesDelivered: 17900 }),
      policy("message_delivery_success"),
    );
    expect(d.verdict).toBe("regressed");
    expect(d.effect!.estimate).toBeCloseTo(200 / 2000 / (100 / 18000), 10);
    const r = judgeOne(
      cohort({ recoveriesAttempted: 40, recoveriesSucceeded: 40 }),
      cohort({ recoveriesAttempted: 360, recoveriesSucceeded: 350 }),
      policy("state_recovery_success"),
    );
    expect(r.effect!.estimate).toBe(0);
    expect(r.verdict).not.toBe("regressed");
  });

  it("lets restarts outnumber requests: they are counted per request, not as a share of them", () => {
    const v = judgeOne(
      cohort({ requests: 200, restarts: 300 }),
      cohort({ requests: 1800, restarts: 18 }),
      policy("restart_frequency"),
    );
    expect(v.effect!.estimate).toBeCloseTo(150, 10);
    expect(v.verdict).toBe("regressed");
  });

  it("judges only enabled policies whose metric has data; a cohort without samples is insufficient", () => {
    const verdicts = judgeCanary(cohort({ requests: 500, errors: 5 }), cohort({}), DEFAULT_CANARY_POLICIES);
    expect(verdicts.map((v) => [v.metric, v.verdict])).toEqual([
      ["error_rate", "insufficient_data"],
      ["restart_frequency", "insufficient_data"],
    ]);
    expect(verdicts[0]!.effect).toBeNull();
    const disabled = DEFAULT_CANARY_POLICIES.map((p) => ({ ...p, enabled: p.metric !== "error_rate" }));
    expect(judgeCanary(cohort({ requests: 500 }), cohort({ requests: 500 }), disabled).map((v) => v.metric)).toEqual([
      "restart_frequency",
    ]);
  });
});

// Latency reference (numpy), per-bucket counts over bounds [10, 50, 100, open]:
//   bounded bucket at its midpoint + width^2/12, the open bucket at twice its edge + edge^2/3;
//   v = cv2(canary)/na + cv2(control)/nb; tau = ln 1.2; alpha = 0.01
//   half = sqrt(v (v + tau^2)/tau^2 (ln((v + tau^2)/v) + 2 ln(1/alpha))); est * exp(-+half)
// printed 0.7026232276472474 0.6094690206969517 1.7142857142857142 1.4572840316015752 2.0166113444434894
describe("judgeCanary on latency", () => {
  const bucketsOf = (counts: number[]) => [10, 50, 100, null].map((leMs, i) => ({ leMs, count: counts[i]! }));
  const canary = cohort({ responseCount: 400, responseSumMs: 24000, responseBuckets: bucketsOf([30, 200, 150, 20]) });
  const control = cohort({
    responseCount: 2000,
    responseSumMs: 70000,
    responseBuckets: bucketsOf([200, 1500, 280, 20]),
  });

  it("reads the spread from the histogram", () => {
    expect(squaredCoefficientOfVariation(canary.responseBuckets)).toBeCloseTo(0.7026232276472474, 12);
    expect(squaredCoefficientOfVariation(control.responseBuckets)).toBeCloseTo(0.6094690206969517, 12);
    expect(squaredCoefficientOfVariation(null)).toBeNull();
  });

  it("regressed on a ratio of means whose interval lies above the acceptable slowdown", () => {
    const v = judgeOne(canary, control, policy("average_response_time"));
    expect(v.verdict).toBe("regressed");
    expect(v.effect!.estimate).toBeCloseTo(1.7142857142857142, 12);
    expect(v.effect!.lower).toBeCloseTo(1.4572840316015752, 10);
    expect(v.effect!.upper).toBeCloseTo(2.0166113444434894, 10);
    expect([v.canarySamples, v.controlSamples]).toEqual([400, 2000]);
  });

  it("insufficient data without a histogram: sum and count carry no spread", () => {
    const v = judgeOne({ ...canary, responseBuckets: null }, control, policy("average_response_time"));
    expect(v.verdict).toBe("insufficient_data");
    expect(v.reason).toContain("histogram");
  });
});
