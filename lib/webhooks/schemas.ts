import { z } from "zod";
import { text } from "../http/fields";
import { expandEventSelection } from "./event-selection";
import { MAX_URL_LENGTH, refuseWebhookUrl } from "./url-policy";

// Syntax and the targets never allowed; whether loopback or private networks are allowed depends on the server's
// environment, so the service checks that part again (naming the same field).
const url = text(MAX_URL_LENGTH)
  .min(1, "required")
  .superRefine((value, context) => {
    const refused = refuseWebhookUrl(value, { loopback: true, privateNetworks: true });
    if (refused) context.addIssue({ code: "custom", message: refused });
  });

const events = z
  .array(z.string().max(100))
  .min(1, "choose at least one event")
  .max(200)
  .superRefine((names, context) => {
    for (const { index, name } of expandEventSelection(names).unknown) {
      context.addIssue({
        code: "custom",
        path: [index],
        message: `unknown event type "${name}"; use a name from the event vocabulary, "*" or a domain like "rollout.*"`,
      });
    }
  })
  .transform((names) => expandEventSelection(names).events);

export const createWebhookSchema = z.strictObject({
  name: text(100).min(1, "required"),
  url,
  events,
});

export const updateWebhookSchema = z
  .strictObject({
    name: text(100).min(1, "required").optional(),
    url: url.optional(),
    events: events.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((field) => field !== undefined), "nothing to change");

export const webhookParamsSchema = z.object({ id: z.uuid("not a valid id") });

export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;
