import { evaluateForId } from "@/lib/flags/evaluation-service";
import { evaluateQuerySchema, flagParamsSchema } from "@/lib/flags/schemas";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** enabled_for_id?(flag, id), answered from the in-memory snapshot. */
export const GET = route({
  auth: "evaluate",
  params: flagParamsSchema,
  query: evaluateQuerySchema,
  handler: ({ params, query }) => evaluateForId(params.key, query.id, query.idType),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
