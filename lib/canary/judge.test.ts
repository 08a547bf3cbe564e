import { describe, expect, it } from "vitest";
import { DEFAULT_CANARY_POLICIES, judgeCanary } from "./judge";
import type { CohortTotals } from "./types";

function cohort(over: Partial<CohortTotals>): CohortTotals {
  return {
    requests: 0,
    errors: 0,
    messagesSent: 0,
    messagesDelivered: 0,
    recoveriesAttempted: 0,
    recoveriesSucceeded: 0,
    restarts: 0,
    responseCount: 0,
    responseSumMs: 0,
    responseBuckets: null,
    ...over,
  };
}

describe("judgeCanary", () => {
  it("calls a 20 % canary against a 1 % control regressed", () => {
    const [v] = judgeCanary(
      cohort({ requests: 1000, errors: 200 }),
      cohort({ requests: 9000, errors: 90 }),
      DEFAULT_CANARY_POLICIES,
    );
    expect(v!.metric).toBe("error_rate");
    expect(v!.verdict).toBe("regressed");
    expect(v!.effect!.lower).toBeGreaterThan(1.5);
  });

  it("holds with insufficient data below minSamples and judges only metrics with data", () => {
    const v = judgeCanary(
      cohort({ requests: 50, errors: 40 }),
      cohort({ requests: 450, errors: 4 }),
      DEFAULT_CANARY_POLICIES,
    );
    expect(v.map((x) => x.metric)).toEqual(["error_rate", "restart_frequency"]);
    expect(v[0]!.verdict).toBe("insufficient_data");
  });
});
