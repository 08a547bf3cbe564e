import { createUserSchema } from "@/lib/auth/schemas";
import { createUser, listUsers } from "@/lib/auth/user-service";
import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";

export const GET = route({
  auth: "read",
  handler: async () => ({ users: await listUsers() }),
});

export const POST = route({
  auth: "admin",
  body: createUserSchema,
  handler: async ({ body, actor, requestId }) => json(await createUser(body, actor, requestId), { status: 201 }),
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
