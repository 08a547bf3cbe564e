// Checks a batch of restart events (one `child_terminated` supervisor report each) and flag-client sync reports.
// Pure; zod names each bad field by its path.
import { z } from "zod";

export const MAX_RESTARTS_PER_BATCH = 10_000;
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const text = (max: number) => z.string().min(1).max(max);
const notFuture = (value: string) => new Date(value).getTime() <= Date.now() + FUTURE_TOLERANCE_MS;

export const restartBatchSchema = z.strictObject({
  node: text(255),
  restarts: z
    .array(
      z.strictObject({
        /** Unique per node: the reporter's name for this report, so a retried batch is stored once. */
        id: text(128),
        /** The supervisor's registered name, or its pid when it has none. */
        supervisor: text(255),
        childId: text(255),
        reason: text(4000),
        at: z.iso.datetime({ offset: true }).refine(notFuture, "is in the future; check the node's clock"),
      }),
    )
    .max(MAX_RESTARTS_PER_BATCH),
});
export type RestartBatch = z.infer<typeof restartBatchSchema>;

export const flagSyncSchema = z.strictObject({
  node: text(255),
  /** The flag-set version (OFREP's flag-set ETag part) the node's flag client holds. */
  etag: text(128),
});
export type FlagSync = z.infer<typeof flagSyncSchema>;
