// A READY readiness run for tests that advance the rollout: the readiness gate (on by default) needs the latest run
// READY and younger than the age limit. Stored through the real service (commitChange, readiness.completed) with
// every check marked as seeded, at the (test) clock's now.
import { SYSTEM_ACTOR } from "../../audit/record";
import { seedReadyRun } from "../service";

export function reportReady() {
  return seedReadyRun({ actor: SYSTEM_ACTOR, requestId: "test-ready" });
}
