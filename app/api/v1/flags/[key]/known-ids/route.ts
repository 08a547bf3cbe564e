import { knownIds } from "@/lib/flags/evaluation-service";
import { flagParamsSchema } from "@/lib/flags/schemas";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** The ids this flag was recently evaluated for (newest first, at most 1000). */
export const GET = route({
  auth: "read",
  params: flagParamsSchema,
  handler: ({ params }) => knownIds(params.key),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
