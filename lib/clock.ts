// The one clock for rollout decisions (soak time, phase entry). In production it is the wall clock. With
// PHASEGATE_TEST_CLOCK=1 (tests and journeys only) it can be moved forward, so a 30-minute soak gate is met without
// waiting or sleeping. The offset lives on globalThis so Next's route modules and the custom server share it.
import "server-only";
import { testClockEnabled } from "./env";
import { AppError } from "./http/errors";

const state = globalThis as typeof globalThis & { __phasegateClockOffsetMs?: number };

export function now(): Date {
  return new Date(Date.now() + (state.__phasegateClockOffsetMs ?? 0));
}

/** Moves the clock forward; refused unless the test clock is switched on. Returns the new time. */
export function advanceClock(ms: number): Date {
  if (!testClockEnabled()) throw new AppError("not_found", "The test clock is not enabled.");
  state.__phasegateClockOffsetMs = (state.__phasegateClockOffsetMs ?? 0) + ms;
  return now();
}
