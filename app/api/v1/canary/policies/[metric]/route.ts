import { canaryPolicyParamsSchema, canaryPolicyUpdateSchema } from "@/lib/canary/schemas";
import { updateCanaryPolicy } from "@/lib/canary/service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const PUT = route({
  auth: "admin",
  params: canaryPolicyParamsSchema,
  body: canaryPolicyUpdateSchema,
  handler: ({ params, body, actor, requestId }) => updateCanaryPolicy(params.metric, body, actor, requestId),
});

export const { GET, HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ PUT });
