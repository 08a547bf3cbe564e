// A fake OTP system for demos, tests and benchmarks: nodes with coordinators that each decide with phash2, like
// Foundation.FeatureFlags.enabled_for_id?, whether they run v2, and interval reports whose numbers follow a
// scenario. Pure: it is given the flag's value and the time; scripts/simulate.ts reads the flag over OFREP and posts.
import { flagBucket } from "../flags/phash2";

export const SCENARIOS = ["steady", "bad-canary", "restart-storm", "flapping", "silent"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const V2_FLAG = "use_v2_coordinator";
const COORDINATORS_PER_NODE = 100;
const REQUESTS_PER_COORDINATOR = 10;

/** The flag as OFREP answers it: on, off, or a percentage whose buckets the simulator computes itself. */
export type V2Flag = { kind: "on" } | { kind: "off" } | { kind: "percentage"; percentage: number };

export function runsV2(flag: V2Flag, coordinatorId: string): boolean {
  if (flag.kind === "on") return true;
  if (flag.kind === "off") return false;
  return flagBucket(V2_FLAG, coordinatorId, "string") < flag.percentage;
}

/** A small deterministic generator, so a scenario replays the same numbers for the same node and interval. */
function random(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

const binomial = (n: number, p: number, rnd: () => number) => {
  // Normal approximation is plenty for demo numbers; clamp into [0, n].
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p));
  const z = Math.sqrt(-2 * Math.log(rnd() || 1e-9)) * Math.cos(2 * Math.PI * rnd());
  return Math.max(0, Math.min(n, Math.round(mean + sd * z)));
};

export type SimulatedReport = {
  node: string;
  intervalStart: string;
  intervalSeconds: number;
  requests: number;
  errors: { category: string; code: string; count: number }[];
  messages: { sent: number; delivered: number };
  recoveries: { attempted: number; succeeded: number };
  responseTime: { sumMs: number; count: number };
  restarts: number;
};

export const nodeName = (i: number) => `coordinator_${i + 1}@sim`;

/** The reports of every node for the interval starting at `start`; none for the silent scenario. */
export function simulateInterval(
  scenario: Scenario,
  nodes: number,
  start: Date,
  intervalSeconds: number,
  flag: V2Flag,
): SimulatedReport[] {
  if (scenario === "silent") return [];
  return Array.from({ length: nodes }, (_, n) => simulateNode(scenario, nodeName(n), start, intervalSeconds, flag));
}

function simulateNode(scenario: Scenario, node: string, start: Date, intervalSeconds: number, flag: V2Flag) {
  const rnd = random(`${scenario}|${node}|${start.toISOString()}`);
  const scale = intervalSeconds / 10;
  let requests = 0;
  let failed = 0;
  let timeouts = 0;
  let sumMs = 0;
  for (let c = 0; c < COORDINATORS_PER_NODE; c++) {
    const v2 = runsV2(flag, `${node}/coordinator-${c}`);
    const n = Math.round(REQUESTS_PER_COORDINATOR * scale);
    // bad-canary: coordinators on v2 fail most of their requests; everyone else stays healthy.
    const errorP = scenario === "bad-canary" && v2 ? 0.8 : errorBase(scenario, start);
    const errors = binomial(n, errorP, rnd);
    requests += n;
    failed += errors;
    timeouts += binomial(errors, 0.3, rnd);
    sumMs += n * ((v2 ? 38 : 42) + rnd() * 10);
  }
  const sent = Math.round(500 * scale);
  const attempted = Math.round(4 * scale) + Math.floor(rnd() * 3);
  const restarts = scenario === "restart-storm" ? 3 + Math.floor(rnd() * 3) : rnd() < 0.02 ? 1 : 0;
  return {
    node,
    intervalStart: start.toISOString(),
    intervalSeconds,
    requests,
    errors: [
      { category: "infrastructure", code: "database_timeout", count: timeouts },
      { category: "application", code: "workflow_failed", count: failed - timeouts },
    ].filter((e) => e.count > 0),
    messages: { sent, delivered: sent - binomial(sent, 0.002, rnd) },
    recoveries: { attempted, succeeded: attempted },
    responseTime: { sumMs: Math.round(sumMs), count: requests },
    restarts,
  };
}

/** flapping: the error rate swings around the 5 % threshold, a minute above, a minute below. */
function errorBase(scenario: Scenario, start: Date): number {
  if (scenario !== "flapping") return 0.005;
  return Math.floor(start.getTime() / 60_000) % 2 === 0 ? 0.07 : 0.035;
}

/** The interval starts of the last `seconds`, aligned to the interval length, oldest first, ending before `now`. */
export function intervalStarts(now: Date, seconds: number, intervalSeconds: number): Date[] {
  const step = intervalSeconds * 1000;
  const last = Math.floor(now.getTime() / step) * step - step;
  const count = Math.floor((seconds * 1000) / step);
  return Array.from({ length: count }, (_, i) => new Date(last - (count - 1 - i) * step));
}
