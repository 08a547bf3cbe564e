import { auditQuerySchema } from "@/lib/audit/schemas";
import { listAuditEvents } from "@/lib/audit/service";
import { route } from "@/lib/http/route";

export const GET = route({
  auth: "read",
  query: auditQuerySchema,
  handler: ({ query }) => listAuditEvents(query),
});
