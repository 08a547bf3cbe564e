// Healthy telemetry for tests that advance the rollout: the health gate needs every watched metric to have data
// within its threshold, so they report five minutes of the steady scenario, ending at the (test) clock's now.
import { now } from "../../clock";
import { ingestReports } from "../ingest-service";
import { intervalStarts, simulateInterval } from "../simulator";

let last: { at: number; done: Promise<unknown> } | undefined;

/**
 * Reports steady data for the last 5 minutes, at most every 30 s of the clock; concurrent callers share it.
 * Undefined when the data is already fresh, so a caller can stay synchronous (races in tests keep their order).
 */
export function reportHealthy(): Promise<unknown> | undefined {
  const at = now();
  if (last && at.getTime() - last.at < 30_000) return undefined;
  const reports = intervalStarts(at, 300, 10).flatMap((start) =>
    simulateInterval("steady", 3, start, 10, { kind: "off" }),
  );
  last = { at: at.getTime(), done: ingestReports({ reports }) };
  return last.done;
}
