// One leader among instances: real PostgreSQL connections, intervals run by hand (no timers, no sleeps).
import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import { waitFor } from "../testing/wait-for";
import { startLeader, type Leader } from "./leader";

const byHand = () => () => {};
const started: Leader[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((leader) => leader.stop()));
});

function instance(lockKey: string, ticks: string[], name: string): Leader {
  const leader = startLeader({
    connectionString: process.env.DATABASE_URL!,
    lockKey,
    intervalMs: 1_000,
    schedule: byHand,
    log: () => {},
    tick: async () => void ticks.push(name),
  });
  started.push(leader);
  return leader;
}

async function holderPid(lockKey: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)`,
      [lockKey],
    );
    return rows[0]?.pid;
  } finally {
    await client.end();
  }
}

describe("startLeader", () => {
  it("lets exactly one of two instances tick, however many intervals pass", async () => {
    const ticks: string[] = [];
    const a = instance("test:one-leader", ticks, "a");
    const b = instance("test:one-leader", ticks, "b");
    for (let i = 0; i < 3; i++) await Promise.all([a.runInterval(), b.runInterval()]);
    expect([a.leading, b.leading].filter(Boolean)).toHaveLength(1);
    expect(new Set(ticks).size).toBe(1);
    expect(ticks).toHaveLength(3);
  });

  it("hands the lead to the other instance within one interval when the holder's connection is killed", async () => {
    const ticks: string[] = [];
    const a = instance("test:handover", ticks, "a");
    const b = instance("test:handover", ticks, "b");
    await a.runInterval();
    await b.runInterval();
    expect([a.leading, b.leading]).toEqual([true, false]);

    const pid = await waitFor("the lock holder", () => holderPid("test:handover"));
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    await admin.end();
    // The holder is gone once PostgreSQL has released its lock; from then on, one interval of b is enough.
    await waitFor("the lock to be released", async () => (await holderPid("test:handover")) === undefined);
    ticks.length = 0;
    await b.runInterval();
    expect(b.leading).toBe(true);
    expect(ticks).toEqual(["b"]);
    await waitFor("a to notice it lost the lead", () => !a.leading);
    await a.runInterval();
    expect(a.leading).toBe(false);
    expect(ticks).toEqual(["b"]);
  });

  it("releases the lead at once when stopped, so another instance takes it at its next interval", async () => {
    const ticks: string[] = [];
    const a = instance("test:stop", ticks, "a");
    const b = instance("test:stop", ticks, "b");
    await a.runInterval();
    await b.runInterval();
    await a.stop();
    await b.runInterval();
    expect(b.leading).toBe(true);
    expect(ticks).toEqual(["a", "b"]);
  });

  it("tells a long tick that it is stopping, and stop waits only for the tick to notice", async () => {
    let ticking: (() => void) | undefined;
    const started = new Promise<void>((resolve) => (ticking = resolve));
    const leader = startLeader({
      connectionString: process.env.DATABASE_URL!,
      lockKey: "test:stop-long-tick",
      intervalMs: 1_000,
      schedule: byHand,
      log: () => {},
      // Work that would go on for ever, step by step, unless told to stop.
      tick: async (stopping) => {
        ticking!();
        while (!stopping.aborted) await new Promise((resolve) => setImmediate(resolve));
      },
    });
    const interval = leader.runInterval();
    await started;
    await leader.stop();
    await interval;
    expect(leader.leading).toBe(false);
  });

  it("keeps leading after a tick fails, and ticks again at the next interval", async () => {
    let calls = 0;
    const leader = startLeader({
      connectionString: process.env.DATABASE_URL!,
      lockKey: "test:failing-tick",
      intervalMs: 1_000,
      schedule: byHand,
      log: () => {},
      tick: async () => {
        calls++;
        throw new Error("receiver exploded");
      },
    });
    started.push(leader);
    await leader.runInterval();
    await leader.runInterval();
    expect(leader.leading).toBe(true);
    expect(calls).toBe(2);
  });
});
