import { z } from "zod";

const filters = {
  actor: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  target: z.string().trim().min(1).max(300).optional(),
  from: z.iso.datetime({ offset: true, message: "from must be an ISO 8601 date-time" }).optional(),
  to: z.iso.datetime({ offset: true, message: "to must be an ISO 8601 date-time" }).optional(),
};

export const auditQuerySchema = z.strictObject({
  ...filters,
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, "cursor must be the nextCursor of a previous page")
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const auditExportSchema = z.strictObject({ ...filters, format: z.enum(["csv", "json"]).default("csv") });

export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditExportQuery = z.infer<typeof auditExportSchema>;
