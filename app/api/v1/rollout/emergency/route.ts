import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { emergencySchema } from "@/lib/rollout/schemas";
import { transition } from "@/lib/rollout/transition-service";

/** Always allowed to operators: phase 1 with the forced-off list, no version needed; a second press changes nothing. */
export const POST = route({
  auth: "operate",
  body: emergencySchema,
  handler: ({ body, actor, requestId }) => transition("emergency", body, { actor, requestId, mayOverride: false }),
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
