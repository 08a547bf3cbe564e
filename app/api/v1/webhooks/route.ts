import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";
import { createWebhookSchema } from "@/lib/webhooks/schemas";
import { createWebhook, listWebhooks } from "@/lib/webhooks/service";

/** Admins only: a webhook's URL is itself a credential for many receivers (Slack, Teams). */
export const GET = route({
  auth: "admin",
  handler: async () => ({ webhooks: await listWebhooks() }),
});

/** The answer carries the signing secret, once. */
export const POST = route({
  auth: "admin",
  body: createWebhookSchema,
  handler: async ({ body, actor, requestId }) => json(await createWebhook(body, actor, requestId), { status: 201 }),
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
