// Time to decision of the canary judge, in simulated minutes of traffic, against effect size and traffic rate.
// Traffic is simulated (lib/canary/traffic-simulation.ts, fixed seeds) and judged every simulated 10 s, the way the
// guard looks. Baseline in the same run, on the same traffic: the plan's global-threshold guard (error rate > 5 %
// over the last 5 minutes, at least 100 requests, 3 evaluations in a row; the plan has no latency threshold).
//   npm run bench:canary-decision -- [--seeds 21] [--hours 4]
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CANARY_POLICIES } from "../lib/canary/judge";
import {
  LOOK_SECONDS,
  firstLooks,
  verdictIs,
  type LookPredicate,
  type TrafficScenario,
} from "../lib/canary/traffic-simulation";
import type { CanaryMetric } from "../lib/canary/types";
import { DEFAULT_GUARD_CONFIG } from "../lib/health/guard-decision";
import { METRICS } from "../lib/health/metrics";
import { PLAN_THRESHOLDS } from "../lib/rollout/plan";

const { values } = parseArgs({
  options: { seeds: { type: "string", default: "21" }, hours: { type: "string", default: "4" } },
});
const SEEDS = Array.from({ length: Number(values.seeds) }, (_, i) => 500 + i);
const MAX_LOOKS = Math.round((Number(values.hours) * 3600) / LOOK_SECONDS);
const CONTROL_ERROR_RATE = 0.01;
const CANARY_SHARE = 0.1;
const RATES = [1, 10, 100];

const policyOf = (metric: CanaryMetric) => DEFAULT_CANARY_POLICIES.find((p) => p.metric === metric)!;

/** The plan's global error-rate guard over both cohorts together: a sliding window of looks, N violations in a row. */
function globalErrorGuard(): LookPredicate {
  const rule = PLAN_THRESHOLDS.find((t) => t.metric === "error_rate")!;
  const def = METRICS.error_rate;
  const windowLooks = def.windowSeconds / LOOK_SECONDS;
  const history: { requests: number; errors: number }[] = [];
  let inARow = 0;
  return (canary, control) => {
    const now = { requests: canary.requests + control.requests, errors: canary.errors + control.errors };
    history.push(now);
    const from = history[Math.max(0, history.length - 1 - windowLooks)]!;
    const requests = now.requests - (history.length > windowLooks ? from.requests : 0);
    const errors = now.errors - (history.length > windowLooks ? from.errors : 0);
    const violating = requests >= def.defaultMinSamples && (100 * errors) / requests > rule.value;
    inARow = violating ? inARow + 1 : 0;
    return inARow >= DEFAULT_GUARD_CONFIG.consecutiveRequired;
  };
}

const never: LookPredicate = () => false;

type Row = {
  scenario: string;
  requestsPerSecond: number;
  expected: "regressed" | "ok";
  judgeDecided: number;
  judgeMedianMinutes: number | null;
  wrongVerdicts: number;
  baselineDecided: number;
  baselineMedianMinutes: number | null;
};

/** Median in minutes with undecided runs counted as never (null when more than half never decided). */
function medianMinutes(looks: (number | null)[]): number | null {
  const sorted = looks.map((l) => (l === null ? Infinity : l)).sort((a, b) => a - b);
  const mid = sorted[(sorted.length - 1) >> 1]!;
  return Number.isFinite(mid) ? (mid * LOOK_SECONDS) / 60 : null;
}

function measure(
  name: string,
  scenario: Omit<TrafficScenario, "maxLooks">,
  metric: CanaryMetric,
  expected: "regressed" | "ok",
  baseline: () => LookPredicate,
): Row {
  const policy = policyOf(metric);
  const wrong = expected === "regressed" ? "ok" : "regressed";
  const runs = SEEDS.map((seed) =>
    firstLooks({ ...scenario, maxLooks: MAX_LOOKS }, seed, {
      judge: verdictIs(policy, expected),
      wrong: verdictIs(policy, wrong),
      baseline: baseline(),
    }),
  );
  const judgeLooks = runs.map((r) => (r.wrong !== null && (r.judge === null || r.wrong < r.judge) ? null : r.judge));
  return {
    scenario: name,
    requestsPerSecond: scenario.requestsPerSecond,
    expected,
    judgeDecided: judgeLooks.filter((l) => l !== null).length,
    judgeMedianMinutes: medianMinutes(judgeLooks),
    wrongVerdicts: runs.filter((r) => r.wrong !== null && (r.judge === null || r.wrong < r.judge)).length,
    baselineDecided: runs.filter((r) => r.baseline !== null).length,
    baselineMedianMinutes: medianMinutes(runs.map((r) => r.baseline)),
  };
}

const rows: Row[] = [];
const started = Date.now();
for (const requestsPerSecond of RATES) {
  const base = { requestsPerSecond, canaryShare: CANARY_SHARE, controlErrorRate: CONTROL_ERROR_RATE };
  for (const effect of [1, 1.2, 2, 3, 5, 20]) {
    const expected = effect < policyOf("error_rate").maxDegradation ? "ok" : "regressed";
    const name = effect === 1 ? "a-a errors (1 % both)" : `errors x${effect} (canary ${effect} %)`;
    rows.push(
      measure(
        name,
        { ...base, canaryErrorRate: CONTROL_ERROR_RATE * effect },
        "error_rate",
        expected,
        globalErrorGuard,
      ),
    );
  }
  for (const factor of [1.1, 1.4, 2]) {
    const expected = factor < policyOf("average_response_time").maxDegradation ? "ok" : "regressed";
    const latency = { medianMs: 40, logSd: 0.6, canaryLatencyFactor: factor };
    rows.push(
      measure(
        `latency x${factor}`,
        { ...base, canaryErrorRate: CONTROL_ERROR_RATE, latency },
        "average_response_time",
        expected,
        () => never,
      ),
    );
  }
}
const seconds = (Date.now() - started) / 1000;

const fmt = (m: number | null) => (m === null ? `> ${values.hours} h` : m < 10 ? m.toFixed(1) : m.toFixed(0));
const load = os.loadavg().map((l) => l.toFixed(1));
console.log(
  `canary decision: ${SEEDS.length} seeds, horizon ${values.hours} h, 10 % canary, control 1 % errors / lognormal 40 ms median; load ${load.join(" ")}; ${seconds.toFixed(0)} s`,
);
console.log(
  "| scenario | req/s | expected | judge: median min (decided) | wrong verdicts | global guard: median min (decided) |",
);
console.log("| --- | --: | --- | --: | --: | --: |");
for (const r of rows)
  console.log(
    `| ${r.scenario} | ${r.requestsPerSecond} | ${r.expected} | ${fmt(r.judgeMedianMinutes)} (${r.judgeDecided}/${SEEDS.length}) | ${r.wrongVerdicts} | ${fmt(r.baselineMedianMinutes)} (${r.baselineDecided}/${SEEDS.length}) |`,
  );

const dir = path.join(import.meta.dirname, "results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `canary-decision-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify({ seeds: SEEDS.length, hours: Number(values.hours), load, seconds, rows }, null, 2));
console.log(`raw numbers: ${path.relative(process.cwd(), file)}`);
