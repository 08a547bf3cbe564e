import { idParamsSchema } from "@/lib/auth/schemas";
import { revokeSessions } from "@/lib/auth/user-service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** End every session of a user (e.g. a lost laptop). */
export const DELETE = route({
  auth: "admin",
  params: idParamsSchema,
  handler: ({ params, actor, requestId }) => revokeSessions(params.id, actor, requestId),
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods({ DELETE });
