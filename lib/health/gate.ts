// The health gate's rule, pure: no metric may be violating its threshold, no metric that has a threshold may be
// without data (advancing blind is not advancing safely), and no flag under a percentage rollout may have a canary
// metric regressed or undecided (insufficient data holds, it never passes). gate-service.ts reads the verdicts and applies it.
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

/** The canary judge's part (lib/canary/findings.ts canaryHold): what regressed or is undecided, null when nothing. */
export type CanaryGatePart = { hold: string | null; findings: unknown };

export function healthGateResult(readings: readonly HealthGateReading[], canary?: CanaryGatePart): GateResult {
  const evidence = canary ? { readings, canary: canary.findings } : { readings };
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
  // Insufficient canary data holds: advancing on an undecided comparison would be advancing blind.
  if (canary?.hold)
    return {
      name: "health",
      status: "fail",
      reason: `Canary against control not decided ok: ${canary.hold}.`,
      evidence,
    };
  return {
    name: "health",
    status: "pass",
    reason: canary
      ? "Every watched metric has data and is within its threshold; every canary is judged ok."
      : "Every watched metric has data and is within its threshold.",
    evidence,
  };
}
