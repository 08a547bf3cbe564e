import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";
import { postRunSchema, RUN_MAX_BYTES, runListQuerySchema } from "@/lib/readiness/schemas";
import { listRuns, recordRun } from "@/lib/readiness/service";

/** The history of readiness runs, newest first, paged by `before` (the previous page's nextCursor). */
export const GET = route({
  auth: "read",
  query: runListQuerySchema,
  handler: ({ query }) => listRuns(query),
});

/** A run posted by CI or `phasegate scan --post`: a scan report and/or CI-reported checks (docs/API.md). */
export const POST = route({
  auth: ["ingest", "operate"],
  body: postRunSchema,
  maxBodyBytes: RUN_MAX_BYTES,
  handler: async ({ body, actor, requestId }) => json(await recordRun(body, { actor, requestId }), { status: 201 }),
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
