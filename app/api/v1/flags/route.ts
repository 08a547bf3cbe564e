import { createFlagSchema } from "@/lib/flags/schemas";
import { createFlag, listFlags } from "@/lib/flags/service";
import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";

export const GET = route({
  auth: "read",
  handler: async () => ({ flags: await listFlags() }),
});

/** A new flag is a change to the plan's vocabulary, so it needs an admin; changing values needs an operator. */
export const POST = route({
  auth: "admin",
  body: createFlagSchema,
  handler: async ({ body, actor, requestId }) => json(await createFlag(body, actor, requestId), { status: 201 }),
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
