import { changeOwnPasswordSchema } from "@/lib/auth/schemas";
import { changeOwnPassword } from "@/lib/auth/user-service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const PUT = route({
  auth: "read",
  body: changeOwnPasswordSchema,
  handler: async ({ body, principal, clientIp, requestId }) => {
    await changeOwnPassword(principal, body.currentPassword, body.newPassword, clientIp, requestId);
    return new Response(null, { status: 204 });
  },
});

export const { GET, HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ PUT });
