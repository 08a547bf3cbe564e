import { idParamsSchema, resetPasswordSchema } from "@/lib/auth/schemas";
import { resetPassword } from "@/lib/auth/user-service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** An admin sets a new password for someone; their sessions end. */
export const PUT = route({
  auth: "admin",
  params: idParamsSchema,
  body: resetPasswordSchema,
  handler: async ({ params, body, actor, requestId }) => {
    await resetPassword(params.id, body.password, actor, requestId, body.reason);
    return new Response(null, { status: 204 });
  },
});

export const { GET, HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ PUT });
