import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";
import { webhookParamsSchema } from "@/lib/webhooks/schemas";
import { sendTestDelivery } from "@/lib/webhooks/service";

/** Queues a webhook.test delivery to this webhook; 202, since the deliverer sends it moments later. */
export const POST = route({
  auth: "admin",
  params: webhookParamsSchema,
  handler: async ({ params, actor, requestId }) =>
    json({ delivery: await sendTestDelivery(params.id, actor, requestId) }, { status: 202 }),
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
