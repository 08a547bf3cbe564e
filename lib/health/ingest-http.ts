// POST /api/v1/ingest on the lean path: the custom server reads the body, the pure parser checks every report
// (ingest.ts), then the store writes the batch (ingest-store.ts). Lean, not a Next route handler: ingestion is a hot
// path with a throughput goal against COPY (docs/BENCHMARKS.md), and Next's handler adds its own body reading.
import { renderProblem, send, type LeanContext, type LeanRoute } from "../http/lean";
import { toAppError } from "../http/problem";
import { parseJsonBody } from "../http/spine";
import { parseIngestBody, type IntervalRow } from "./ingest";
import { INGEST_MAX_BYTES } from "./schemas";

export const INGEST_PATH = "/api/v1/ingest";

/** Where accepted reports go (lib/health/ingest-service.ts in the server). */
export type IntervalStore = {
  settings(): { now: Date; retentionDays: number };
  store(rows: IntervalRow[], now: Date, retentionDays: number): Promise<{ accepted: number; duplicates: number }>;
};

export function healthIngestRoutes({ settings, store }: IntervalStore): LeanRoute[] {
  return [
    {
      method: "POST",
      path: INGEST_PATH,
      access: "ingest",
      maxBodyBytes: INGEST_MAX_BYTES,
      handle: (context) => {
        const { now, retentionDays } = settings();
        const rows = parseIngestBody(parseJsonBody(context.body ?? ""), now, retentionDays);
        store(rows, now, retentionDays).then(
          (result) => send(context.response, { status: 202, json: JSON.stringify(result) }, context.requestId),
          (error: unknown) => fail(context, error),
        );
      },
    },
  ];
}

/** After the handler returned: AppError as is, database down -> 503 with Retry-After, else 500. */
function fail(context: LeanContext, error: unknown) {
  const { appError, unexpected } = toAppError(error);
  if (unexpected) console.error(`[${context.requestId}] phasegate: ${context.request.url} failed`, error);
  if (context.response.headersSent) return void context.response.destroy();
  send(context.response, renderProblem(appError, context.requestId, {}), context.requestId);
}
