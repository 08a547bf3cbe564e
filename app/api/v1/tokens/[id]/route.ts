import { idParamsSchema } from "@/lib/auth/schemas";
import { revokeToken } from "@/lib/auth/token-service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const DELETE = route({
  auth: "admin",
  params: idParamsSchema,
  handler: ({ params, actor, requestId }) => revokeToken(params.id, actor, requestId),
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods({ DELETE });
