// A READY readiness run for tests that advance the rollout: the readiness gate (on by default) needs the latest run
// READY and younger than the age limit. Stored through the real service (commitChange, readiness.completed) with
// every check marked as seeded, at the (test) clock's now.
import { SYSTEM_ACTOR } from "../../audit/record";
import { now } from "../../clock";
import type { ReadinessRunDto } from "../serializers";
import { seedReadyRun } from "../service";

let last: { at: number; settled: boolean; done: Promise<ReadinessRunDto> } | undefined;

/**
 * Seeds a READY run unless this file seeded one within the last hour of the clock; concurrent callers share it.
 * Undefined when the seed is already there, so a caller can stay synchronous (races in tests keep their order).
 * `force`: seed again, e.g. after the test posted a run of its own that is not READY.
 */
export function reportReady(options: { force?: boolean } = {}): Promise<ReadinessRunDto> | undefined {
  const at = now().getTime();
  if (!options.force && last && at >= last.at && at - last.at < 3_600_000) return last.settled ? undefined : last.done;
  const done = seedReadyRun({ actor: SYSTEM_ACTOR, requestId: "test-ready" });
  const entry = { at, settled: false, done };
  void done.finally(() => (entry.settled = true)).catch(() => {});
  last = entry;
  return done;
}

/** Everything an advance needs besides the soak time: readiness seeded, and the health gate's data (if given). */
export function readyToAdvance(...others: (Promise<unknown> | undefined)[]): Promise<unknown> | undefined {
  const pending = [reportReady(), ...others].filter((p): p is Promise<unknown> => p !== undefined);
  return pending.length ? Promise.all(pending) : undefined;
}
