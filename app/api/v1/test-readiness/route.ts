import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";
import { seedReadyRunOnTestServer } from "@/lib/readiness/service";

/**
 * Journeys only: 404 unless PHASEGATE_TEST_CLOCK=1. Records a READY run whose every check says it was seeded, so a
 * journey about something else can advance past the readiness gate (e2e/testing/readiness.ts).
 */
export const POST = route({
  auth: "admin",
  handler: async ({ actor, requestId }) => json(await seedReadyRunOnTestServer({ actor, requestId }), { status: 201 }),
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
