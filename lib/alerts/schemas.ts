import { z } from "zod";

export const alertListQuery = z.object({
  status: z.enum(["open", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;

export const alertParams = z.object({ id: z.uuid({ error: "must be an alert id (a UUID)" }) });
