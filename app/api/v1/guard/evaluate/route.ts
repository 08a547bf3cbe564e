import { now } from "@/lib/clock";
import { testClockEnabled } from "@/lib/env";
import { evaluateGuardOnce } from "@/lib/health/guard-service";
import { AppError } from "@/lib/http/errors";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** Tests and journeys only (404 unless PHASEGATE_TEST_CLOCK=1): one guard evaluation now, on the test clock, so a
 * journey drives the guard without waiting for its interval. */
export const POST = route({
  auth: "admin",
  handler: () => {
    if (!testClockEnabled()) throw new AppError("not_found", "The test clock is not enabled.");
    return evaluateGuardOnce(now());
  },
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
