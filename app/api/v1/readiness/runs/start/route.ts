import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";
import { startRun } from "@/lib/readiness/service";

/** "Run now": scans the configured project (PHASEGATE_READINESS_PROJECT) and records a run; 409 when none is set. */
export const POST = route({
  auth: "operate",
  handler: async ({ actor, requestId }) => json(await startRun({ actor, requestId }), { status: 201 }),
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
