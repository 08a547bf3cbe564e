import { auditExportSchema } from "@/lib/audit/schemas";
import { exportAuditEvents } from "@/lib/audit/service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** The filtered trail as a CSV or JSON download. */
export const GET = route({
  auth: "read",
  query: auditExportSchema,
  handler: async ({ query }) => {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    return new Response(await exportAuditEvents(query), {
      headers: {
        "content-type": query.format === "csv" ? "text/csv; charset=utf-8" : "application/json",
        "content-disposition": `attachment; filename="phasegate-audit-${stamp}.${query.format}"`,
        "cache-control": "no-store",
      },
    });
  },
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
