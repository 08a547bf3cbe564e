// Healthy telemetry for tests that advance the rollout: the health gate needs every watched metric to have data
// within its threshold, and every flag under a percentage rollout a canary judged ok, so they report five minutes of
// flawless traffic, ending at the (test) clock's now, split into on/off cohorts for every such flag with enough
// volume for the canary judge to decide ok.
import { percentageFlags } from "../../canary/service";
import { now } from "../../clock";
import { ingestReports } from "../ingest-service";
import { intervalStarts } from "../simulator";

let last: { at: number; done: Promise<unknown> } | undefined;

const NODES = 3;
const REQUESTS = 10_000;
const SENT = 2_000;
const RECOVERIES = 1_000;
/** The same response-time shape in every cohort (ms bound, share of requests). */
const SHAPE: [number | null, number][] = [
  [20, 0.2],
  [40, 0.5],
  [80, 0.25],
  [null, 0.05],
];

function histogram(requests: number) {
  let left = requests;
  return SHAPE.map(([leMs, share], i) => {
    const count = i === SHAPE.length - 1 ? left : Math.round(requests * share);
    left -= count;
    return { leMs, count };
  });
}

async function healthyReports(at: Date) {
  const split = await percentageFlags();
  return intervalStarts(at, 300, 10).flatMap((start) =>
    Array.from({ length: NODES }, (_, n) => ({
      node: `healthy_${n + 1}@test`,
      intervalStart: start.toISOString(),
      intervalSeconds: 10,
      requests: REQUESTS,
      errors: [],
      messages: { sent: SENT, delivered: SENT },
      recoveries: { attempted: RECOVERIES, succeeded: RECOVERIES },
      responseTime: { sumMs: 40 * REQUESTS, count: REQUESTS },
      restarts: 0,
      cohorts: split.flatMap((f) =>
        (["on", "off"] as const).map((variant) => {
          const share = variant === "on" ? f.percentage / 100 : 1 - f.percentage / 100;
          const part = (x: number) => (variant === "on" ? Math.round(x * share) : x - Math.round(x * (1 - share)));
          const requests = part(REQUESTS);
          return {
            flag: f.key,
            variant,
            requests,
            errors: 0,
            messages: { sent: part(SENT), delivered: part(SENT) },
            recoveries: { attempted: part(RECOVERIES), succeeded: part(RECOVERIES) },
            responseTime: { buckets: histogram(requests) },
            restarts: 0,
          };
        }),
      ),
    })),
  );
}

/**
 * Reports healthy data for the last 5 minutes, at most every 30 s of the clock; concurrent callers share it.
 * Undefined when the data is already fresh, so a caller can stay synchronous (races in tests keep their order).
 */
export function reportHealthy(): Promise<unknown> | undefined {
  const at = now();
  if (last && at.getTime() - last.at < 30_000) return undefined;
  last = { at: at.getTime(), done: healthyReports(at).then((reports) => ingestReports({ reports })) };
  return last.done;
}
