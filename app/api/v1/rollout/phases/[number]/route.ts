import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { editPhase } from "@/lib/rollout/plan-service";
import { phaseEditSchema, phaseParamsSchema } from "@/lib/rollout/schemas";

/** Edits the plan; never applies flags (the Rollout page shows drift, "re-apply phase" applies it). */
export const PATCH = route({
  auth: "admin",
  params: phaseParamsSchema,
  body: phaseEditSchema,
  handler: ({ params, body, actor, requestId }) => editPhase(params.number, body, actor, requestId),
});

export const { GET, POST, PUT, DELETE, HEAD, OPTIONS } = otherMethods({ PATCH });
