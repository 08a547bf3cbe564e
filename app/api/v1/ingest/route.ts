import { otherMethods } from "@/lib/http/methods";
import { ingestReports } from "@/lib/health/ingest-service";
import { INGEST_MAX_BYTES } from "@/lib/health/schemas";
import { json, readJsonBody, route } from "@/lib/http/route";

/** Interval reports from the monitored nodes (docs/API.md, "Ingestion"). The body is parsed by the service: one bad
 * item rejects the batch with every bad field named, and more than 10,000 items is a 413. */
export const POST = route({
  auth: "ingest",
  handler: async ({ request }) =>
    json(await ingestReports(await readJsonBody(request, INGEST_MAX_BYTES)), { status: 202 }),
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
