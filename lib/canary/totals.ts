// The zero of a cohort's counters, one definition for the store, the judge's tests and the traffic simulation. Pure.
import type { CohortTotals } from "./types";

export function emptyTotals(): CohortTotals {
  return {
    requests: 0,
    errors: 0,
    messagesSent: 0,
    messagesDelivered: 0,
    recoveriesAttempted: 0,
    recoveriesSucceeded: 0,
    restarts: 0,
    responseCount: 0,
    responseSumMs: 0,
    responseBuckets: null,
  };
}
