import { advanceClock } from "@/lib/clock";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { testClockSchema } from "@/lib/rollout/schemas";

/** Tests and journeys only: 404 unless PHASEGATE_TEST_CLOCK=1, so a production server's clock never moves. */
export const POST = route({
  auth: "admin",
  body: testClockSchema,
  handler: ({ body }) => ({ now: advanceClock(body.advanceMinutes * 60_000).toISOString() }),
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
