// The health gate's rule, pure: no metric may be violating its threshold, and no metric that has a threshold may be
// without data (advancing blind is not advancing safely). gate-service.ts reads the verdicts and applies it.
import type { GateResult } from "../rollout/gates";
import type { MetricKey } from "./metrics";
import type { Verdict } from "./readings";

export type HealthGateReading = {
  metric: MetricKey;
  verdict: Verdict;
  value: number | null;
  samples: number;
  minSamples: number;
};

export function healthGateResult(readings: readonly HealthGateReading[]): GateResult {
  const evidence = { readings };
  const violating = readings.filter((r) => r.verdict === "violating");
  if (violating.length)
    return {
      name: "health",
      status: "fail",
      reason: `Violating now: ${violating.map((r) => `${r.metric} ${r.value?.toFixed(2)}`).join(", ")}.`,
      evidence,
    };
  const blind = readings.filter((r) => r.verdict === "no_data");
  if (blind.length)
    return {
      name: "health",
      status: "fail",
      reason: `No data for ${blind.map((r) => `${r.metric} (${r.samples} of ${r.minSamples} samples)`).join(", ")}; a watched metric needs data before advancing.`,
      evidence,
    };
  return {
    name: "health",
    status: "pass",
    reason: "Every watched metric has data and is within its threshold.",
    evidence,
  };
}
