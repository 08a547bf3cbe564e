import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { freezeRollout } from "@/lib/rollout/freeze-service";
import { freezeSchema } from "@/lib/rollout/schemas";

/** Freeze the rollout: advancing is refused until it is unfrozen. No flag changes; audited as rollout.frozen. */
export const POST = route({
  auth: "operate",
  body: freezeSchema,
  handler: ({ body, actor, requestId }) => freezeRollout(body, { actor, requestId }),
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
