// The reporters' lean routes: bodies up to tens of megabytes (a 200,000-process snapshot) are read and parsed
// outside Next's route handlers, checked by the pure parsers, then stored. 202 on success.
import { renderProblem, send, type LeanContext, type LeanRoute } from "../http/lean";
import { AppError } from "../http/errors";
import { toAppError, zodToAppError } from "../http/problem";
import { flagSyncSchema, restartBatchSchema, type FlagSync, type RestartBatch } from "./restart-input";
import { parseSnapshot, type SnapshotInput } from "./snapshot-input";

/** Where accepted telemetry goes (lib/supervision/ingest-service.ts in the server). */
export type IngestStore = {
  storeSnapshot(input: SnapshotInput): Promise<unknown>;
  storeRestarts(batch: RestartBatch): Promise<unknown>;
  storeFlagSync(sync: FlagSync): Promise<void>;
};

export const SNAPSHOTS_PATH = "/api/v1/ingest/supervision/snapshots";
export const RESTARTS_PATH = "/api/v1/ingest/supervision/restarts";
export const FLAG_SYNC_PATH = "/api/v1/ingest/flag-sync";
/** 200,000 processes at ~300 bytes each. */
export const SNAPSHOT_MAX_BODY_BYTES = 64 * 1024 * 1024;
const BATCH_MAX_BODY_BYTES = 4 * 1024 * 1024;

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch (error) {
    throw new AppError("invalid_json", `The request body is not valid JSON (${(error as Error).message}).`);
  }
}

/** After the handler returned: the router's own mapping (AppError as is, database down -> 503, else 500). */
function fail(context: LeanContext, error: unknown) {
  const { appError, unexpected } = toAppError(error);
  if (unexpected) console.error(`[${context.requestId}] phasegate: ${context.request.url} failed`, error);
  if (context.response.headersSent) return void context.response.destroy();
  send(context.response, renderProblem(appError, context.requestId, {}), context.requestId);
}

export function supervisionIngestRoutes({ storeSnapshot, storeRestarts, storeFlagSync }: IngestStore): LeanRoute[] {
  const run = (context: LeanContext, work: () => Promise<unknown>) =>
    work().then(
      (result) => send(context.response, { status: 202, json: JSON.stringify(result) }, context.requestId),
      (error: unknown) => fail(context, error),
    );
  return [
    {
      method: "POST",
      path: SNAPSHOTS_PATH,
      access: "ingest",
      maxBodyBytes: SNAPSHOT_MAX_BODY_BYTES,
      handle: (context) => {
        const snapshot = parseSnapshot(parseJson(context.body), new Date());
        run(context, () => storeSnapshot(snapshot));
      },
    },
    {
      method: "POST",
      path: RESTARTS_PATH,
      access: "ingest",
      maxBodyBytes: BATCH_MAX_BODY_BYTES,
      handle: (context) => {
        const parsed = restartBatchSchema.safeParse(parseJson(context.body));
        if (!parsed.success) throw zodToAppError(parsed.error, "body");
        run(context, () => storeRestarts(parsed.data));
      },
    },
    {
      method: "POST",
      path: FLAG_SYNC_PATH,
      access: "ingest",
      maxBodyBytes: 4096,
      handle: (context) => {
        const parsed = flagSyncSchema.safeParse(parseJson(context.body));
        if (!parsed.success) throw zodToAppError(parsed.error, "body");
        run(context, async () => {
          await storeFlagSync(parsed.data);
          return { accepted: 1 };
        });
      },
    },
  ];
}
