// A bounded sample of the ids each flag is evaluated for, so the flags page can say how many known ids a change
// would flip. Evaluation only records into memory (a map set); a timer writes the batch in one statement and trims
// each flag to its newest KEEP_PER_FLAG ids. Not "server-only": the custom server records from the lean path.
import type { IdType } from "./phash2";

export const KEEP_PER_FLAG = 1000;

export type SampledId = { flagKey: string; targetKey: string; idType: IdType; lastSeenAt: Date };

export type EvaluationSampler = {
  record(flagKey: string, targetKey: string, idType: IdType): void;
  /** The same id for several flags at once (a bulk evaluation). */
  recordMany(flagKeys: Iterable<string>, targetKey: string, idType: IdType): void;
  /** Writes what was recorded since the last flush. */
  flush(): Promise<void>;
  stop(): Promise<void>;
};

export function createEvaluationSampler(deps: {
  write: (rows: SampledId[]) => Promise<void>;
  everyMs?: number;
  log?: (message: string) => void;
}): EvaluationSampler {
  let pending = new Map<string, Map<string, number>>();
  let writing: Promise<void> = Promise.resolve();

  const flush = () => {
    const batch = pending;
    pending = new Map();
    if (batch.size === 0) return writing;
    const rows: SampledId[] = [];
    for (const [flagKey, ids] of batch) {
      for (const [id, seen] of ids) {
        const split = id.indexOf("\0");
        rows.push({
          flagKey,
          idType: id.slice(0, split) as IdType,
          targetKey: id.slice(split + 1),
          lastSeenAt: new Date(seen),
        });
      }
    }
    writing = writing
      .then(() => deps.write(rows))
      .catch((error: unknown) => deps.log?.(`could not save evaluated ids: ${String(error)}`));
    return writing;
  };

  const timer = setInterval(() => void flush(), deps.everyMs ?? 5_000);
  timer.unref();

  return {
    record(flagKey, targetKey, idType) {
      this.recordMany([flagKey], targetKey, idType);
    },
    recordMany(flagKeys, targetKey, idType) {
      const id = `${idType}\0${targetKey}`;
      const now = Date.now();
      for (const flagKey of flagKeys) {
        let ids = pending.get(flagKey);
        if (!ids) pending.set(flagKey, (ids = new Map()));
        if (ids.size >= KEEP_PER_FLAG && !ids.has(id)) continue;
        ids.set(id, now);
      }
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
