import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { webhookParamsSchema } from "@/lib/webhooks/schemas";
import { listDeliveries } from "@/lib/webhooks/service";

/** The most recent deliveries of one webhook, each with its attempts. */
export const GET = route({
  auth: "admin",
  params: webhookParamsSchema,
  handler: async ({ params }) => ({ deliveries: await listDeliveries(params.id) }),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
