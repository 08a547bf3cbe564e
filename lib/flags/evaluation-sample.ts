// A bounded sample of the ids each flag is evaluated for, so the flags page can say how many known ids a change
// would flip. Evaluation only records into memory (a map set); a timer hands the interval's ids to one writer that
// saves them in batches, and the store trims each flag to its newest KEEP_PER_FLAG ids. Everything is bounded:
// per interval the newest KEEP_PER_FLAG ids per flag, and at most MAX_QUEUED_ROWS rows waiting for a slow database
// (the oldest are dropped and counted). Not "server-only": the custom server records from the lean path.
import type { IdType } from "./phash2";

export const KEEP_PER_FLAG = 1000;
/** Rows waiting to be written while the database is slow or down; beyond this the oldest are dropped. */
export const MAX_QUEUED_ROWS = 20_000;
/** Rows per write. */
export const WRITE_BATCH = 5_000;
/** Longest target key worth keeping; longer ones (and keys with NUL, which PostgreSQL text refuses) are skipped. */
export const MAX_STORED_KEY_LENGTH = 256;

export type SampledId = { flagKey: string; targetKey: string; idType: IdType; lastSeenAt: Date };

export type SamplerStats = { skippedKeys: number; droppedRows: number; queuedRows: number };

export type EvaluationSampler = {
  record(flagKey: string, targetKey: string, idType: IdType): void;
  /** The same id for several flags at once (a bulk evaluation). */
  recordMany(flagKeys: Iterable<string>, targetKey: string, idType: IdType): void;
  /** Queues what was recorded since the last flush and resolves when everything queued has been written (or failed). */
  flush(): Promise<void>;
  stop(): Promise<void>;
  stats(): SamplerStats;
};

/** Whether a target key can be stored: short enough, and no NUL (PostgreSQL text cannot hold it). */
export function isStorableTargetKey(targetKey: string): boolean {
  return targetKey.length > 0 && targetKey.length <= MAX_STORED_KEY_LENGTH && !targetKey.includes("\0");
}

/** One row per (flag, id): a batch may hold an id from several intervals, and one upsert may not touch a row twice. */
export function uniqueRows(rows: readonly SampledId[]): SampledId[] {
  const newest = new Map<string, SampledId>();
  for (const row of rows) {
    const key = `${row.flagKey}\0${row.idType}\0${row.targetKey}`;
    const seen = newest.get(key);
    if (!seen || seen.lastSeenAt < row.lastSeenAt) newest.set(key, row);
  }
  return [...newest.values()];
}

export function createEvaluationSampler(deps: {
  write: (rows: SampledId[]) => Promise<void>;
  everyMs?: number;
  log?: (message: string) => void;
  maxQueuedRows?: number;
}): EvaluationSampler {
  const maxQueued = deps.maxQueuedRows ?? MAX_QUEUED_ROWS;
  let pending = new Map<string, Map<string, number>>();
  let queue: SampledId[] = [];
  let writer: Promise<void> | undefined;
  const stats = { skippedKeys: 0, droppedRows: 0 };

  const drain = async () => {
    while (queue.length) {
      const batch = queue.slice(0, WRITE_BATCH);
      queue = queue.slice(batch.length);
      await deps.write(batch).catch((error: unknown) => deps.log?.(`could not save evaluated ids: ${String(error)}`));
    }
    writer = undefined;
  };

  const flush = () => {
    const batch = pending;
    pending = new Map();
    for (const [flagKey, ids] of batch) {
      for (const [id, seen] of ids) {
        const split = id.indexOf("\0");
        queue.push({
          flagKey,
          idType: id.slice(0, split) as IdType,
          targetKey: id.slice(split + 1),
          lastSeenAt: new Date(seen),
        });
      }
    }
    if (queue.length > maxQueued) {
      const dropped = queue.length - maxQueued;
      queue = queue.slice(dropped);
      stats.droppedRows += dropped;
      deps.log?.(`the database is slow: dropped the ${dropped} oldest evaluated ids (${stats.droppedRows} so far)`);
    }
    writer ??= queue.length ? drain() : undefined;
    return writer ?? Promise.resolve();
  };

  const timer = setInterval(() => void flush(), deps.everyMs ?? 5_000);
  timer.unref();

  return {
    record(flagKey, targetKey, idType) {
      this.recordMany([flagKey], targetKey, idType);
    },
    recordMany(flagKeys, targetKey, idType) {
      if (!isStorableTargetKey(targetKey)) {
        stats.skippedKeys++;
        return;
      }
      const id = `${idType}\0${targetKey}`;
      const now = Date.now();
      for (const flagKey of flagKeys) {
        let ids = pending.get(flagKey);
        if (!ids) pending.set(flagKey, (ids = new Map()));
        // A Map iterates in insertion order: re-inserting keeps it ordered oldest-seen first, so the id to evict
        // when full is the first one, and the interval keeps its newest KEEP_PER_FLAG ids.
        ids.delete(id);
        if (ids.size >= KEEP_PER_FLAG) ids.delete(ids.keys().next().value!);
        ids.set(id, now);
      }
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
    stats: () => ({ ...stats, queuedRows: queue.length }),
  };
}
