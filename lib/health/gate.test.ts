import { describe, expect, it } from "vitest";
import { healthGateResult, type HealthGateReading } from "./gate";

const reading = (verdict: HealthGateReading["verdict"], metric: HealthGateReading["metric"] = "error_rate") => ({
  metric,
  verdict,
  value: verdict === "no_data" ? null : 7,
  samples: verdict === "no_data" ? 3 : 1000,
  minSamples: 100,
});

describe("healthGateResult", () => {
  it("passes when every watched metric has data and is ok; unwatched metrics do not matter", () => {
    expect(healthGateResult([reading("ok"), reading("unwatched", "average_response_time")]).status).toBe("pass");
  });
  it("fails on an active violation", () => {
    expect(healthGateResult([reading("violating")])).toMatchObject({ status: "fail", reason: /error_rate 7.00/ });
  });
  it("fails when a metric with a threshold has no data", () => {
    expect(healthGateResult([reading("ok"), reading("no_data", "message_delivery_success")])).toMatchObject({
      status: "fail",
      reason: /No data for message_delivery_success \(3 of 100 samples\)/,
    });
  });
});
