// The health gate on advance: reads the metrics now (on the rollout's clock) and applies healthGateResult. The
// reading happens before the transition takes the rollout lock (lib/rollout/gate-registry-service.ts), so the gate
// itself only answers from what was read.
import "server-only";
import type { Gate, GateResult } from "../rollout/gates";
import { canaryHold } from "../canary/findings";
import { toVerdictDto } from "../canary/serializers";
import { judgeCanaryNow } from "../canary/service";
import { healthGateResult } from "./gate";
import { judge } from "./readings";
import { listThresholds, readCurrentMetrics, toRules } from "./service";

async function healthGateAt(at: Date): Promise<GateResult> {
  const thresholds = await listThresholds();
  const rules = toRules(thresholds);
  const [readings, canary] = await Promise.all([readCurrentMetrics(at, thresholds), judgeCanaryNow(at)]);
  return healthGateResult(
    readings.map((r) => ({
      metric: r.metric,
      verdict: judge(
        r,
        rules.find((rule) => rule.metric === r.metric),
      ),
      value: r.state === "value" ? r.value : null,
      samples: r.samples,
      minSamples: r.minSamples,
    })),
    canary.length
      ? {
          hold: canaryHold(canary),
          findings: canary.map((f) => ({ flag: f.flag, overall: f.overall, verdicts: f.verdicts.map(toVerdictDto) })),
        }
      : undefined,
  );
}

/** The health gate with its readings taken at `at`; a failed read makes the gate throw, which reads as unavailable. */
export async function readHealthGate(at: Date): Promise<Gate> {
  try {
    const result = await healthGateAt(at);
    return { name: "health", evaluate: () => result };
  } catch (error) {
    return {
      name: "health",
      evaluate: () => {
        throw error;
      },
    };
  }
}
