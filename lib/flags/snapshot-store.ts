// The in-memory flag snapshot every evaluation reads. Loaded with one query, then replaced whole on every
// notification of an event that changes flags (flag.*, phase transitions, rollbacks, resync; see
// lib/events/vocabulary.ts), so evaluating a flag never touches the database. One per process, shared by the
// custom server and Next's route modules. Not "server-only": the custom server (tsx) imports it.
import { db, type PrismaClient } from "../db/client";
import { notifyListener, type NotifyListener } from "../db/notify";
import { eventHub, type EventHub } from "../events/hub";
import { changesFlags, type PhasegateEvent } from "../events/vocabulary";
import { processSingleton, releaseProcessSingleton } from "../process-singleton";
import { coalescedReload } from "./coalesced-reload";
import { buildFlagSet, changedFlags, type FlagRow, type FlagSet } from "./flag-set";

export type FlagSnapshot = FlagSet;

export type FlagSnapshotStore = {
  /** The current snapshot; the first call loads it, later calls return the in-memory one. */
  get(): Promise<FlagSnapshot>;
  /** The current snapshot if one is loaded: the evaluation hot path takes it without a promise. */
  loaded(): FlagSnapshot | undefined;
  /** Reloads now (coalesced with any reload already running); resolves once the snapshot reflects the table. */
  reload(): Promise<void>;
  stop(): void;
};

export type FlagSnapshotDeps = {
  listener: NotifyListener;
  loadRows: () => Promise<FlagRow[]>;
  /** Told about each changed flag once the snapshot holds it (event stream). */
  hub?: EventHub;
  log?: (message: string) => void;
};

const RETRY_MS = { first: 250, max: 5_000 };

export function createFlagSnapshotStore(deps: FlagSnapshotDeps): FlagSnapshotStore {
  const log = deps.log ?? ((message: string) => console.error(`phasegate: ${message}`));
  let current: Promise<FlagSnapshot> | undefined;
  let snapshot: FlagSnapshot | undefined;
  let firstLoad: Promise<FlagSnapshot> | undefined;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const reload = coalescedReload(async () => {
    const next = buildFlagSet(await deps.loadRows());
    const previous = snapshot;
    snapshot = next;
    current = Promise.resolve(next);
    if (previous && deps.hub && previous.etag !== next.etag) {
      for (const change of changedFlags(previous, next))
        deps.hub.publish({ type: "flag.changed", ...change, etag: next.etag });
    }
  });

  // A failed reload would leave a missed change unseen until the next notification: keep retrying until it works.
  const reloadInBackground = () => {
    reload().then(
      () => (failures = 0),
      (error: unknown) => {
        failures++;
        if (failures === 1 || failures % 20 === 0)
          log(`flag snapshot reload failed (${String(error)}); serving the previous snapshot`);
        if (stopped || retryTimer) return;
        retryTimer = setTimeout(
          () => {
            retryTimer = undefined;
            if (!stopped) reloadInBackground();
          },
          Math.min(RETRY_MS.max, RETRY_MS.first * 2 ** Math.min(failures - 1, 8)),
        );
        retryTimer.unref();
      },
    );
  };

  const unsubscribe = deps.listener.subscribe((event: PhasegateEvent) => {
    if (changesFlags(event)) reloadInBackground();
  });

  return {
    get() {
      if (current) return current;
      // LISTEN first, load second: a change committed in between is then announced, never missed.
      firstLoad ??= deps.listener
        .ready()
        .then(() => reload())
        .then(() => snapshot!)
        .finally(() => (firstLoad = undefined));
      return firstLoad;
    },
    loaded: () => snapshot,
    reload,
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      unsubscribe();
    },
  };
}

// Reloads are rare (one per change) and read six-ish rows, so the ORM's overhead is irrelevant here.
export function loadFlagRows(prisma: PrismaClient): Promise<FlagRow[]> {
  return prisma.flag.findMany({
    select: { key: true, kind: true, percentage: true, version: true },
    orderBy: { key: "asc" },
  });
}

const STORE = "flagSnapshot";

export function flagSnapshotStore(): FlagSnapshotStore {
  return processSingleton(STORE, () =>
    createFlagSnapshotStore({ listener: notifyListener(), loadRows: () => loadFlagRows(db()), hub: eventHub() }),
  );
}

/** This process's flag snapshot. Evaluation calls this on every request; after the first load it is memory only. */
export function getFlagSnapshot(): Promise<FlagSnapshot> {
  return flagSnapshotStore().get();
}

/** The same, synchronously once loaded (the lean OFREP path uses this). */
export function flagSnapshotNowOrSoon(): FlagSnapshot | Promise<FlagSnapshot> {
  const store = flagSnapshotStore();
  return store.loaded() ?? store.get();
}

export function stopFlagSnapshot(): void {
  releaseProcessSingleton<FlagSnapshotStore>(STORE)?.stop();
}
