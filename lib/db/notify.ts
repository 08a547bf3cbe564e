// PostgreSQL LISTEN/NOTIFY: how a committed change reaches every Phasegate instance, this one included.
// Writers call notifyInTransaction inside the transaction that makes the change, so an instance is told only after
// the change is visible. Each process keeps one dedicated listening connection (not a pool connection: LISTEN is
// per session) and hands every event to its subscribers. After a dropped connection it reconnects with backoff and
// emits a synthetic `resync`, because notifications sent while it was away are lost for good.
import pg from "pg";
import { serverEnv } from "../env";
import { processSingleton, releaseProcessSingleton } from "../process-singleton";
import { parseEvent as checkEvent, RESYNC_EVENT, type PhasegateEvent } from "../events/vocabulary";
import type { Transaction } from "./client";

export const EVENTS_CHANNEL = "phasegate_events";

// PostgreSQL rejects payloads of 8000 bytes or more; events name what changed, they do not carry it.
const MAX_PAYLOAD_BYTES = 7999;

/** Queues `event` for delivery when `tx` commits (and never, if it rolls back). */
export async function notifyInTransaction(tx: Pick<Transaction, "$executeRaw">, event: PhasegateEvent): Promise<void> {
  const payload = JSON.stringify(event);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
    throw new RangeError(
      `NOTIFY payload for ${event.type} is ${Buffer.byteLength(payload)} bytes; the limit is ${MAX_PAYLOAD_BYTES}`,
    );
  }
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${payload})`;
}

/** A NOTIFY payload as an event of the vocabulary (lib/events/vocabulary.ts), or undefined when it is not one. */
export function parseEvent(payload: string | undefined): PhasegateEvent | undefined {
  if (!payload) return undefined;
  try {
    return checkEvent(JSON.parse(payload));
  } catch {
    // a payload we cannot read is reported by the caller, never thrown into the connection's event loop
    return undefined;
  }
}

export type NotifyListener = {
  /** Calls `fn` for every event, in arrival order; returns the unsubscribe function. */
  subscribe(fn: (event: PhasegateEvent) => void): () => void;
  /** Settles after the first connection attempt (LISTEN active, or failed and retrying in the background). */
  ready(): Promise<void>;
  readonly listening: boolean;
  /** Closes the connection and cancels retries; the process can then exit on its own. */
  stop(): Promise<void>;
};

export type NotifyListenerOptions = {
  connectionString: string;
  log?: (message: string) => void;
  /** First retry delay and cap, in ms (exponential with jitter in between). */
  retryDelayMs?: { first: number; max: number };
  /** How often the idle connection is checked, and how long a check may take before it counts as dead. */
  healthCheckMs?: { every: number; timeout: number };
};

export function createNotifyListener(options: NotifyListenerOptions): NotifyListener {
  const log = options.log ?? ((message: string) => console.error(`phasegate: ${message}`));
  const retry = options.retryDelayMs ?? { first: 100, max: 5_000 };
  const health = options.healthCheckMs ?? { every: 15_000, timeout: 5_000 };
  const subscribers = new Set<(event: PhasegateEvent) => void>();
  let client: pg.Client | undefined;
  let stopped = false;
  let failedAttempts = 0;
  let everListened = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let healthTimer: NodeJS.Timeout | undefined;

  const dispatch = (event: PhasegateEvent) => {
    for (const fn of [...subscribers]) {
      try {
        fn(event);
      } catch (error) {
        log(`a ${event.type} subscriber failed: ${String(error)}`);
      }
    }
  };

  const drop = (dead: pg.Client, reason: unknown) => {
    if (dead !== client) return;
    client = undefined;
    clearInterval(healthTimer);
    dead.removeAllListeners("notification");
    dead.end().catch(() => {});
    if (!stopped) {
      log(`lost the ${EVENTS_CHANNEL} listener connection (${describe(reason)}); reconnecting`);
      scheduleConnect();
    }
  };

  const connect = async (): Promise<void> => {
    retryTimer = undefined;
    if (stopped) return;
    const candidate = new pg.Client({
      connectionString: options.connectionString,
      keepAlive: true,
      application_name: "phasegate-listener",
    });
    // Errors after connect arrive as events; without a handler they would crash the process.
    candidate.on("error", (error) => drop(candidate, error));
    candidate.on("end", () => drop(candidate, "connection ended"));
    candidate.on("notification", (message) => {
      if (message.channel !== EVENTS_CHANNEL) return;
      const event = parseEvent(message.payload);
      if (event) dispatch(event);
      else log(`ignored an unreadable ${EVENTS_CHANNEL} payload: ${String(message.payload).slice(0, 200)}`);
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      candidate.removeAllListeners("end");
      candidate.end().catch(() => {});
      failedAttempts++;
      if (failedAttempts === 1 || failedAttempts % 20 === 0)
        log(`cannot LISTEN on ${EVENTS_CHANNEL} (${describe(error)}); retrying`);
      scheduleConnect();
      return;
    }
    if (stopped) {
      await candidate.end().catch(() => {});
      return;
    }
    client = candidate;
    const mayHaveMissedEvents = everListened || failedAttempts > 0;
    everListened = true;
    failedAttempts = 0;
    healthTimer = setInterval(() => void checkHealth(candidate), health.every);
    healthTimer.unref();
    if (mayHaveMissedEvents) dispatch(RESYNC_EVENT);
  };

  const scheduleConnect = () => {
    if (stopped || retryTimer) return;
    const exponential = Math.min(retry.max, retry.first * 2 ** Math.min(failedAttempts, 16));
    retryTimer = setTimeout(() => void connect(), exponential * (0.5 + Math.random() / 2));
    retryTimer.unref();
  };

  // A half-open TCP connection (server gone, no FIN) would otherwise look healthy and silently miss every event.
  const checkHealth = async (current: pg.Client) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`health check took over ${health.timeout} ms`)), health.timeout);
    });
    try {
      await Promise.race([current.query("SELECT 1"), timeout]);
    } catch (error) {
      drop(current, error);
    } finally {
      clearTimeout(timer);
    }
  };

  const firstAttempt = connect();

  return {
    subscribe(fn) {
      subscribers.add(fn);
      return () => void subscribers.delete(fn);
    },
    ready: () => firstAttempt,
    get listening() {
      return client !== undefined;
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(healthTimer);
      subscribers.clear();
      const current = client;
      client = undefined;
      await firstAttempt.catch(() => {});
      await current?.end().catch(() => {});
    },
  };
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

const LISTENER = "notifyListener";

/** This process's listener on DATABASE_URL, created on first use. */
export function notifyListener(): NotifyListener {
  return processSingleton(LISTENER, () => createNotifyListener({ connectionString: serverEnv().DATABASE_URL }));
}

export async function stopNotifyListener(): Promise<void> {
  await releaseProcessSingleton<NotifyListener>(LISTENER)?.stop();
}
