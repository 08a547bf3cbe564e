import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { tickRunbookItem } from "@/lib/rollout/runbook-service";
import { runbookTickParamsSchema, runbookTickSchema } from "@/lib/rollout/schemas";

export const PUT = route({
  auth: "operate",
  params: runbookTickParamsSchema,
  body: runbookTickSchema,
  handler: ({ params, body, actor, requestId }) => tickRunbookItem(params.id, body, actor, requestId),
});

export const { GET, POST, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ PUT });
