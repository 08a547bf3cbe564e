// One leader among all app instances for a piece of background work (webhook delivery; later the health guard).
// Every instance runs the loop; only the one holding a PostgreSQL session advisory lock does the work. The lock
// lives on a dedicated connection, so it is held exactly as long as that connection: if the holder dies (process
// killed, connection cut, pg_terminate_backend), PostgreSQL releases it and another instance takes it at its next
// interval. The lock saves work; correctness must not depend on it (a leader can lose its connection mid-tick),
// so the work itself claims its rows (webhook deliveries use FOR UPDATE SKIP LOCKED).
import pg from "pg";

/** Runs `run` now and then every `intervalMs` after each run ends; returns the cancel function. */
export type Schedule = (run: () => Promise<void>, intervalMs: number) => () => void;

export type LeaderOptions = {
  connectionString: string;
  /** The lock's name; PostgreSQL hashes it to the 64-bit advisory lock key. One name per kind of work. */
  lockKey: string;
  intervalMs: number;
  /**
   * The work of one interval, run only while leading. Errors are logged; the next interval runs anyway. The signal
   * aborts when the leader stops: long work checks it between steps, so shutdown waits for one step at most.
   */
  tick: (signal: AbortSignal) => Promise<void>;
  /** Injectable so tests run intervals by hand instead of waiting for timers. */
  schedule?: Schedule;
  log?: (message: string) => void;
};

export type Leader = {
  readonly leading: boolean;
  /** One interval now: connect if needed, take or confirm the lead, tick if leading. Overlapping calls share one. */
  runInterval(): Promise<void>;
  /** Stops ticking and closes the connection, releasing the lead at once. */
  stop(): Promise<void>;
};

export const timerSchedule: Schedule = (run, intervalMs) => {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = () =>
    void run().finally(() => {
      if (stopped) return;
      timer = setTimeout(loop, intervalMs);
      timer.unref();
    });
  timer = setTimeout(loop, 0);
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
};

export function startLeader(options: LeaderOptions): Leader {
  const log = options.log ?? ((message: string) => console.error(`phasegate: ${message}`));
  let client: pg.Client | undefined;
  let leading = false;
  let stopped = false;
  let running: Promise<void> | undefined;
  const stopping = new AbortController();

  const drop = (dead: pg.Client, reason: unknown) => {
    if (dead !== client) return;
    client = undefined;
    if (leading) log(`gave up the ${options.lockKey} lead (${describe(reason)})`);
    leading = false;
    dead.end().catch(() => {});
  };

  const connect = async (): Promise<pg.Client> => {
    const candidate = new pg.Client({
      connectionString: options.connectionString,
      application_name: `phasegate-leader:${options.lockKey}`.slice(0, 63),
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    // Errors after connect arrive as events; without a handler they would crash the process.
    candidate.on("error", (error) => drop(candidate, error));
    candidate.on("end", () => drop(candidate, "connection ended"));
    client = candidate;
    await candidate.connect();
    return candidate;
  };

  const interval = async () => {
    if (stopped) return;
    let current = client;
    try {
      current ??= await connect();
      if (leading) {
        // The lock is held while the connection lives; a query proves the connection still does.
        await current.query("SELECT 1");
      } else {
        const { rows } = await current.query<{ locked: boolean }>(
          "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
          [options.lockKey],
        );
        leading = rows[0]?.locked === true && client === current && !stopped;
        if (leading) log(`took the ${options.lockKey} lead`);
      }
    } catch (error) {
      if (current) drop(current, error);
      else client = undefined;
      return;
    }
    if (!leading || stopped) return;
    try {
      await options.tick(stopping.signal);
    } catch (error) {
      log(`${options.lockKey} failed: ${describe(error)}`);
    }
  };

  const runInterval = () => (running ??= interval().finally(() => (running = undefined)));
  const cancel = (options.schedule ?? timerSchedule)(runInterval, options.intervalMs);

  return {
    get leading() {
      return leading;
    },
    runInterval,
    async stop() {
      stopped = true;
      stopping.abort();
      cancel();
      await running?.catch(() => {});
      const current = client;
      client = undefined;
      leading = false;
      await current?.end().catch(() => {});
    },
  };
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
