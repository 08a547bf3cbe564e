import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { previewQuerySchema } from "@/lib/rollout/schemas";
import { previewTransition } from "@/lib/rollout/transition-service";

export const GET = route({
  auth: "read",
  query: previewQuerySchema,
  handler: ({ query }) => previewTransition(query.action),
});

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
