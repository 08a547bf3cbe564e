import { route } from "@/lib/http/route";
import { previewQuerySchema } from "@/lib/rollout/schemas";
import { previewTransition } from "@/lib/rollout/transition-service";

export const GET = route({
  auth: "read",
  query: previewQuerySchema,
  handler: ({ query }) => previewTransition(query.action),
});
