import { flagParamsSchema, updateFlagSchema } from "@/lib/flags/schemas";
import { getFlag, updateFlag } from "@/lib/flags/service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const GET = route({
  auth: "read",
  params: flagParamsSchema,
  handler: ({ params }) => getFlag(params.key),
});

/** Change the value and/or description; a reason is required and lands in the audit trail. */
export const PATCH = route({
  auth: "operate",
  params: flagParamsSchema,
  body: updateFlagSchema,
  handler: ({ params, body, actor, requestId }) => updateFlag(params.key, body, actor, requestId),
});

export const { HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
