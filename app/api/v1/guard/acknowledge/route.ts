import { acknowledgeFreeze } from "@/lib/health/guard-service";
import { acknowledgeFreezeSchema } from "@/lib/health/schemas";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** Acknowledge an automatic rollback: the freeze ends (advance is possible again); the cooldown stays. */
export const POST = route({
  auth: "operate",
  body: acknowledgeFreezeSchema,
  handler: ({ body, actor, requestId }) => acknowledgeFreeze(body.reason, actor, requestId),
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
