import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { updateWebhookSchema, webhookParamsSchema } from "@/lib/webhooks/schemas";
import { deleteWebhook, updateWebhook } from "@/lib/webhooks/service";

export const PATCH = route({
  auth: "admin",
  params: webhookParamsSchema,
  body: updateWebhookSchema,
  handler: ({ params, body, actor, requestId }) => updateWebhook(params.id, body, actor, requestId),
});

export const DELETE = route({
  auth: "admin",
  params: webhookParamsSchema,
  handler: ({ params, actor, requestId }) => deleteWebhook(params.id, actor, requestId),
});

export const { GET, HEAD, POST, PUT, OPTIONS } = otherMethods({ PATCH, DELETE });
