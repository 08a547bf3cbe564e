// The flag snapshot follows the database through LISTEN/NOTIFY: in this process, across two "instances" (own
// listener, own Prisma client each), and across a dropped listener connection (resync).
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient, db } from "../db/client";
import { createNotifyListener, notifyInTransaction, stopNotifyListener, type NotifyListener } from "../db/notify";
import { createEventHub, type HubEvent } from "../events/hub";
import { waitFor } from "../testing/wait-for";
import {
  createFlagSnapshotStore,
  getFlagSnapshot,
  loadFlagRows,
  stopFlagSnapshot,
  type FlagSnapshotStore,
} from "./snapshot-store";
import { changeFlag } from "./testing/change-flag";
import { OFF, ON, percentage, sameValue, type FlagValue } from "./value";

const url = () => process.env.DATABASE_URL!;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function holds(
  store: { get(): Promise<{ flags: ReadonlyMap<string, { value: FlagValue; version: number }> }> },
  key: string,
  value: FlagValue,
) {
  const flag = (await store.get()).flags.get(key);
  return flag !== undefined && sameValue(flag.value, value) ? flag : undefined;
}

function instance(): { store: FlagSnapshotStore; listener: NotifyListener; events: HubEvent[] } {
  const prisma = createPrismaClient(url());
  const listener = createNotifyListener({ connectionString: url(), retryDelayMs: { first: 400, max: 1_000 } });
  const hub = createEventHub();
  const events: HubEvent[] = [];
  hub.subscribe((event) => events.push(event));
  const store = createFlagSnapshotStore({ listener, loadRows: () => loadFlagRows(prisma), hub });
  cleanups.push(async () => {
    store.stop();
    await listener.stop();
    await prisma.$disconnect();
  });
  return { store, listener, events };
}

describe("the process's flag snapshot", () => {
  cleanups.push(async () => {
    stopFlagSnapshot();
    await stopNotifyListener();
  });

  it("loads every flag once, then answers from memory (a change without NOTIFY is not seen)", async () => {
    const snapshot = await getFlagSnapshot();
    expect(snapshot.flags.size).toBe(6);
    expect(snapshot.flags.get("use_v2_coordinator")).toMatchObject({ value: OFF, version: 1 });
    await db().flag.update({ where: { key: "use_v2_coordinator" }, data: { kind: "on", version: { increment: 1 } } });
    expect(await getFlagSnapshot()).toBe(snapshot);
  });

  it("reflects a change committed with NOTIFY in the same transaction", async () => {
    const before = await getFlagSnapshot();
    const version = await changeFlag(db(), "use_reliable_messaging", percentage(40));
    const flag = await waitFor("the snapshot to hold use_reliable_messaging at 40%", () =>
      holds({ get: getFlagSnapshot }, "use_reliable_messaging", percentage(40)),
    );
    expect(flag.version).toBe(version);
    const after = await getFlagSnapshot();
    expect(after.etag).not.toBe(before.etag);
    // The reload is a full one: the earlier un-notified change comes along.
    expect(after.flags.get("use_v2_coordinator")?.value).toEqual(ON);
  });

  it("sees nothing from a transaction that rolls back", async () => {
    const etag = (await getFlagSnapshot()).etag;
    await expect(
      db().$transaction(async (tx) => {
        await tx.flag.update({ where: { key: "use_sync_test_apis" }, data: { kind: "on", version: { increment: 1 } } });
        await notifyInTransaction(tx, { type: "flag.changed", key: "use_sync_test_apis", version: 0 });
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    // A later notified change proves the listener is live; the rolled-back value never appears.
    await changeFlag(db(), "use_persistent_agents", ON);
    await waitFor("the later change", () => holds({ get: getFlagSnapshot }, "use_persistent_agents", ON));
    expect((await getFlagSnapshot()).flags.get("use_sync_test_apis")?.value).toEqual(OFF);
    expect((await getFlagSnapshot()).etag).not.toBe(etag);
  });
});

describe("two instances on one database", () => {
  it("a change committed through one instance reaches the other's snapshot, and its event stream", async () => {
    const a = instance();
    const b = instance();
    await Promise.all([a.store.get(), b.store.get()]);
    const aPrisma = createPrismaClient(url());
    cleanups.push(() => aPrisma.$disconnect());

    const version = await changeFlag(aPrisma, "enforce_supervised_tasks", percentage(15));
    await waitFor("instance B to hold enforce_supervised_tasks at 15%", () =>
      holds(b.store, "enforce_supervised_tasks", percentage(15)),
    );
    await waitFor("instance A too", () => holds(a.store, "enforce_supervised_tasks", percentage(15)));
    const announced = await waitFor("B's hub to announce it", () =>
      b.events.find((e) => e.type === "flag.changed" && e.key === "enforce_supervised_tasks"),
    );
    expect(announced).toMatchObject({ type: "flag.changed", key: "enforce_supervised_tasks", version, value: 15 });
    expect("etag" in announced && announced.etag).toBe((await b.store.get()).etag);
  });

  it("after its listener connection is killed, an instance reconnects and resyncs a change it was never told about", async () => {
    const b = instance();
    await b.store.get();
    expect(b.listener.listening).toBe(true);
    const admin = new pg.Client({ connectionString: url() });
    await admin.connect();
    cleanups.push(() => admin.end());

    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'phasegate-listener' AND datname = current_database()",
    );
    await waitFor("B to notice the dropped connection", () => !b.listener.listening);
    // Committed while B is away, and without NOTIFY: only the resync after reconnecting can bring it.
    await admin.query("UPDATE flags SET kind = 'on', version = version + 1 WHERE key = 'use_new_error_handling'");
    await waitFor("B to reconnect and resync", () => holds(b.store, "use_new_error_handling", ON), {
      timeoutMs: 10_000,
    });
    expect(b.listener.listening).toBe(true);
    expect(b.events).toContainEqual(
      expect.objectContaining({ type: "flag.changed", key: "use_new_error_handling", value: "on" }),
    );
  });
});
