import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { unfreezeRollout } from "@/lib/rollout/freeze-service";
import { freezeSchema } from "@/lib/rollout/schemas";

/** End a freeze, the operator's or the guard's: advancing is possible again. Audited as rollout.unfrozen. */
export const POST = route({
  auth: "operate",
  body: freezeSchema,
  handler: ({ body, actor, requestId }) => unfreezeRollout(body, { actor, requestId }),
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
