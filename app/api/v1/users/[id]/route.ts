import { idParamsSchema, updateUserSchema } from "@/lib/auth/schemas";
import { updateUser } from "@/lib/auth/user-service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** Change a user's role or display name, or disable them (which ends their sessions). */
export const PATCH = route({
  auth: "admin",
  params: idParamsSchema,
  body: updateUserSchema,
  handler: ({ params, body, actor, requestId }) => updateUser(params.id, body, actor, requestId),
});

export const { GET, HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ PATCH });
