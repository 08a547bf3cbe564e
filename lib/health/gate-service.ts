// The health gate on advance: reads the metrics now (on the rollout's clock) and applies healthGateResult.
import "server-only";
import type { Gate } from "../rollout/gates";
import { healthGateResult } from "./gate";
import { judge } from "./readings";
import { listThresholds, readCurrentMetrics, toRules } from "./service";

export const healthGate: Gate = {
  name: "health",
  async evaluate({ now }) {
    const thresholds = await listThresholds();
    const rules = toRules(thresholds);
    const readings = await readCurrentMetrics(now, thresholds);
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
    );
  },
};
