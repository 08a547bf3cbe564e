// A fake OTP system for demos, tests and benchmarks: nodes with coordinators that each decide with phash2, like
// Foundation.FeatureFlags.enabled_for_id?, whether they run v2, and interval reports whose numbers follow a
// scenario. Pure: it is given the flag's value and the time; scripts/simulate.ts reads the flag over OFREP and posts.
import { flagBucket } from "../flags/phash2";

export const SCENARIOS = [
  "steady",
  "bad-canary",
  "restart-storm",
  "flapping",
  "silent",
  // Canary analysis (docs/CANARY-OPERATIONS.md): what global thresholds cannot see, and a canary equal to control.
  "subtle-canary",
  "slow-canary",
  "a-a",
] as const;
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

export type SimulatedCohort = {
  flag: string;
  variant: "on" | "off";
  requests: number;
  errors: number;
  messages: { sent: number; delivered: number };
  recoveries: { attempted: number; succeeded: number };
  responseTime: { buckets: { leMs: number | null; count: number }[] };
  restarts: number;
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
  /** Counters split by cohort, for every flag under a percentage rollout (the ingest contract's `cohorts`). */
  cohorts?: SimulatedCohort[];
};

export const nodeName = (i: number) => `coordinator_${i + 1}@sim`;

/** Another flag under a percentage rollout: the simulator labels its ids by cohort (its behaviour does not change). */
export type LabelledFlag = { key: string; percentage: number };

/** Cohort reporting: off unless asked, so the threshold guard's journeys and benchmarks see what they always saw. */
export type CohortOptions = { cohorts?: boolean; labelled?: readonly LabelledFlag[] };

/**
 * The reports of every node for the interval starting at `start`; none for the silent scenario. With `cohorts`, when
 * the v2 flag (or a flag in `labelled`) is at a percentage, each report carries the counters of its on and off
 * cohorts, the ids split with the real phash2 exactly as the Erlang flag client's cohort(Flag, Id) does.
 */
export function simulateInterval(
  scenario: Scenario,
  nodes: number,
  start: Date,
  intervalSeconds: number,
  flag: V2Flag,
  options: CohortOptions = {},
): SimulatedReport[] {
  if (scenario === "silent") return [];
  const labelled = options.cohorts ? (options.labelled ?? []) : null;
  return Array.from({ length: nodes }, (_, n) =>
    simulateNode(scenario, nodeName(n), start, intervalSeconds, flag, labelled),
  );
}

/** Response-time histogram bounds of the cohorts (ms); the last bucket is unbounded. */
const BUCKET_BOUNDS = [10, 20, 30, 40, 50, 60, 70, 80, 100, 125, 150, 200, 300, 500];

type Tally = {
  requests: number;
  errors: number;
  sent: number;
  delivered: number;
  attempted: number;
  succeeded: number;
  restarts: number;
  buckets: number[];
};
const tally = (): Tally => ({
  requests: 0,
  errors: 0,
  sent: 0,
  delivered: 0,
  attempted: 0,
  succeeded: 0,
  restarts: 0,
  buckets: new Array(BUCKET_BOUNDS.length + 1).fill(0),
});

function simulateNode(
  scenario: Scenario,
  node: string,
  start: Date,
  intervalSeconds: number,
  flag: V2Flag,
  labelled: readonly LabelledFlag[] | null,
): SimulatedReport {
  const rnd = random(`${scenario}|${node}|${start.toISOString()}`);
  const scale = intervalSeconds / 10;
  const split: LabelledFlag[] = !labelled
    ? []
    : [
        ...(flag.kind === "percentage" && flag.percentage > 0 && flag.percentage < 100
          ? [{ key: V2_FLAG, percentage: flag.percentage }]
          : []),
        ...labelled.filter((l) => l.key !== V2_FLAG && l.percentage > 0 && l.percentage < 100),
      ];
  const cohorts = split.map(() => ({ on: tally(), off: tally() }));
  const total = tally();
  let timeouts = 0;
  let sumMs = 0;
  const coordinators = Array.from({ length: COORDINATORS_PER_NODE }, (_, c) => `${node}/coordinator-${c}`);
  // Which cohort each coordinator is in, per split flag: phash2({Flag, Id}, 100) < percentage.
  const member = coordinators.map((id) =>
    split.map((f, i) =>
      f.key === V2_FLAG ? runsV2(flag, id) : flagBucket(f.key, id, "string") < split[i]!.percentage,
    ),
  );
  const count = (c: number, add: (t: Tally) => void) => {
    add(total);
    member[c]!.forEach((on, i) => add(on ? cohorts[i]!.on : cohorts[i]!.off));
  };
  const sentPerCoordinator = Math.round(5 * scale);
  for (let c = 0; c < COORDINATORS_PER_NODE; c++) {
    const v2 = runsV2(flag, coordinators[c]!);
    const n = Math.round(REQUESTS_PER_COORDINATOR * scale);
    const errorP = errorProbability(scenario, v2, start);
    const errors = binomial(n, errorP, rnd);
    timeouts += binomial(errors, 0.3, rnd);
    const base = latencyBase(scenario, v2);
    const buckets = new Array(BUCKET_BOUNDS.length + 1).fill(0) as number[];
    for (let r = 0; r < n; r++) {
      // Log-normal-ish response times around the coordinator's base.
      const z = Math.sqrt(-2 * Math.log(rnd() || 1e-9)) * Math.cos(2 * Math.PI * rnd());
      const ms = base * Math.exp(0.25 * z);
      sumMs += ms;
      const b = BUCKET_BOUNDS.findIndex((le) => ms <= le);
      buckets[b === -1 ? BUCKET_BOUNDS.length : b]! += 1;
    }
    const failedDeliveries = binomial(sentPerCoordinator, 0.002, rnd);
    count(c, (t) => {
      t.requests += n;
      t.errors += errors;
      t.sent += sentPerCoordinator;
      t.delivered += sentPerCoordinator - failedDeliveries;
      buckets.forEach((k, i) => (t.buckets[i]! += k));
    });
  }
  const attempted = Math.round(4 * scale) + Math.floor(rnd() * 3);
  for (let a = 0; a < attempted; a++)
    count(Math.floor(rnd() * COORDINATORS_PER_NODE), (t) => {
      t.attempted += 1;
      t.succeeded += 1;
    });
  const restarts = scenario === "restart-storm" ? 3 + Math.floor(rnd() * 3) : rnd() < 0.02 ? 1 : 0;
  for (let r = 0; r < restarts; r++) count(Math.floor(rnd() * COORDINATORS_PER_NODE), (t) => (t.restarts += 1));
  const report: SimulatedReport = {
    node,
    intervalStart: start.toISOString(),
    intervalSeconds,
    requests: total.requests,
    errors: [
      { category: "infrastructure", code: "database_timeout", count: timeouts },
      { category: "application", code: "workflow_failed", count: total.errors - timeouts },
    ].filter((e) => e.count > 0),
    messages: { sent: total.sent, delivered: total.delivered },
    recoveries: { attempted: total.attempted, succeeded: total.succeeded },
    responseTime: { sumMs: Math.round(sumMs), count: total.requests },
    restarts: total.restarts,
  };
  if (split.length)
    report.cohorts = split.flatMap((f, i) =>
      (["on", "off"] as const).map((variant) => {
        const t = cohorts[i]![variant];
        return {
          flag: f.key,
          variant,
          requests: t.requests,
          errors: t.errors,
          messages: { sent: t.sent, delivered: t.delivered },
          recoveries: { attempted: t.attempted, succeeded: t.succeeded },
          responseTime: { buckets: t.buckets.map((count, b) => ({ leMs: BUCKET_BOUNDS[b] ?? null, count })) },
          restarts: t.restarts,
        };
      }),
    );
  return report;
}

/** A request's chance to fail: bad-canary's v2 fails most; subtle-canary's v2 20 % against 1 % (2.9 % global at 10 %). */
function errorProbability(scenario: Scenario, v2: boolean, start: Date): number {
  if (scenario === "bad-canary" && v2) return 0.8;
  if (scenario === "subtle-canary") return v2 ? 0.2 : 0.01;
  return errorBase(scenario, start);
}

/** Mean-ish response time: v2 a little faster when healthy, 40 % slower in slow-canary, identical in a-a. */
function latencyBase(scenario: Scenario, v2: boolean): number {
  if (scenario === "a-a") return 45;
  if (scenario === "slow-canary") return v2 ? 45 * 1.4 : 45;
  return v2 ? 43 : 47;
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
