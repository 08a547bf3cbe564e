import { z } from "zod";
import { cursor, dateTime, text } from "../http/fields";

const filters = {
  actor: text(200).min(1).optional(),
  action: text(100).min(1).optional(),
  target: text(300).min(1).optional(),
  from: dateTime("from").optional(),
  to: dateTime("to").optional(),
};

export const auditQuerySchema = z.strictObject({
  ...filters,
  cursor: cursor().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const auditExportSchema = z.strictObject({ ...filters, format: z.enum(["csv", "json"]).default("csv") });

export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditExportQuery = z.infer<typeof auditExportSchema>;
