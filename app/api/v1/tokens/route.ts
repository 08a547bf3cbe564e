import { createTokenSchema } from "@/lib/auth/schemas";
import { createToken, listTokens } from "@/lib/auth/token-service";
import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";

export const GET = route({
  auth: "read",
  handler: async () => ({ tokens: await listTokens() }),
});

/** The answer carries the token itself, once; only its hash is stored. */
export const POST = route({
  auth: "admin",
  body: createTokenSchema,
  handler: async ({ body, actor, requestId }) => json(await createToken(body, actor, requestId), { status: 201 }),
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
