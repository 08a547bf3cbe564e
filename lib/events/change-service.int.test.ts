// The one write path: a change, its audit events and its notifications commit together or not at all.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { createNotifyListener } from "../db/notify";
import { setFlagValues } from "../flags/service";
import { ON, percentage } from "../flags/value";
import { lockRolloutState } from "../rollout/service";
import { waitFor } from "../testing/wait-for";
import { commitChange } from "./change-service";
import type { PhasegateEvent } from "./vocabulary";

const listener = createNotifyListener({ connectionString: process.env.DATABASE_URL! });
const heard: PhasegateEvent[] = [];
listener.subscribe((event) => heard.push(event));
afterAll(() => listener.stop());

const ops = { type: "user" as const, id: null, label: "ops-anna" };

describe("commitChange", () => {
  it("writes the change, one audit event per emitted event (named as the event) and notifies once it commits", async () => {
    await listener.ready();
    const result = await commitChange({ actor: ops, requestId: "req-1" }, async (tx, emit) => {
      const changes = await setFlagValues(tx, new Map([["use_v2_coordinator", percentage(10)]]), ops.label);
      await emit(
        "flag.changed",
        { key: "use_v2_coordinator", version: changes[0]!.version },
        { target: { type: "flag", id: "use_v2_coordinator" }, after: changes[0], reason: "canary" },
      );
      return changes;
    });
    expect(result).toEqual([{ key: "use_v2_coordinator", before: "off", after: 10, version: 2 }]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { requestId: "req-1" } });
    expect(audit).toMatchObject({ action: "flag.changed", actorLabel: "ops-anna", targetId: "use_v2_coordinator" });
    expect(audit.reason).toBe("canary");
    await waitFor("the notification", () =>
      heard.find((e) => e.type === "flag.changed" && e.key === "use_v2_coordinator" && e.version === 2),
    );
  });

  it("writes and tells nothing when the work fails after emitting", async () => {
    await expect(
      commitChange({ actor: ops, requestId: "req-2" }, async (tx, emit) => {
        await setFlagValues(tx, new Map([["use_persistent_agents", ON]]), ops.label);
        await emit(
          "flag.changed",
          { key: "use_persistent_agents", version: 2 },
          { target: { type: "flag", id: "use_persistent_agents" } },
        );
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    expect(await db().auditEvent.count({ where: { requestId: "req-2" } })).toBe(0);
    expect((await db().flag.findUniqueOrThrow({ where: { key: "use_persistent_agents" } })).kind).toBe("off");
    // A later event proves the listener is live and would have heard the abandoned one first (NOTIFY keeps order).
    await commitChange({ actor: ops }, (_tx, emit) =>
      emit("alert.opened", { id: "a1" }, { target: { type: "alert", id: "a1" } }),
    );
    await waitFor("the later event", () => heard.find((e) => e.type === "alert.opened"));
    expect(heard.some((e) => e.type === "flag.changed" && e.key === "use_persistent_agents")).toBe(false);
  });

  it("refuses an event whose payload does not fit its schema, and writes nothing", async () => {
    await expect(
      commitChange({ actor: ops, requestId: "req-3" }, (_tx, emit) =>
        // @ts-expect-error `to` is missing
        emit("phase.advanced", { from: 1, version: 2 }, { target: { type: "phase", id: "2" } }),
      ),
    ).rejects.toThrow();
    expect(await db().auditEvent.count({ where: { requestId: "req-3" } })).toBe(0);
  });
});

describe("setFlagValues", () => {
  it("writes only the flags whose value differs, bumping only their versions", async () => {
    const before = await db().flag.findMany({ orderBy: { key: "asc" } });
    const changes = await commitChange({ actor: ops }, (tx) =>
      setFlagValues(
        tx,
        new Map([
          ["use_sync_test_apis", ON],
          ["use_new_error_handling", ON],
          ["use_reliable_messaging", ON],
        ]),
        ops.label,
      ),
    );
    const again = await commitChange({ actor: ops }, (tx) =>
      setFlagValues(tx, new Map([["use_sync_test_apis", ON]]), ops.label),
    );
    expect(changes.map((c) => c.key).sort()).toEqual([
      "use_new_error_handling",
      "use_reliable_messaging",
      "use_sync_test_apis",
    ]);
    expect(again).toEqual([]);
    const after = await db().flag.findMany({ orderBy: { key: "asc" } });
    for (const flag of after) {
      const old = before.find((f) => f.key === flag.key)!;
      const changed = changes.some((c) => c.key === flag.key);
      expect(flag.version).toBe(changed ? old.version + 1 : old.version);
      if (changed) expect(flag.updatedBy).toBe("ops-anna");
    }
  });

  it("refuses unknown flags by name and changes none of the others", async () => {
    await expect(
      commitChange({ actor: ops }, (tx) =>
        setFlagValues(
          tx,
          new Map([
            ["enforce_supervised_tasks", ON],
            ["no_such_flag", ON],
          ]),
          ops.label,
        ),
      ),
    ).rejects.toMatchObject({ code: "not_found", detail: 'No flag "no_such_flag".' });
    expect((await db().flag.findUniqueOrThrow({ where: { key: "enforce_supervised_tasks" } })).kind).toBe("off");
  });

  it("sets two hundred flags in one call, a percentage of 0 being a change from off", async () => {
    const keys = Array.from({ length: 200 }, (_, i) => `bulk_flag_${i}`);
    await db().flag.createMany({ data: keys.map((key) => ({ key })) });
    const changes = await commitChange({ actor: ops }, (tx) =>
      setFlagValues(tx, new Map(keys.map((key, i) => [key, percentage(i % 101)])), ops.label),
    );
    expect(changes).toHaveLength(200);
    const stored = await db().flag.findMany({ where: { key: { in: keys } }, orderBy: { key: "asc" } });
    for (const flag of stored) {
      const i = Number(flag.key.slice("bulk_flag_".length));
      expect([flag.kind, flag.percentage, flag.version]).toEqual(["percentage", i % 101, 2]);
    }
  });
});

describe("the rollout state lock", () => {
  it("lets exactly one of two transitions that saw the same version through; the other gets 409 and the current state", async () => {
    const { version } = await db().rolloutState.findUniqueOrThrow({ where: { id: 1 } });
    const transition = () =>
      commitChange({ actor: ops }, async (tx) => {
        await lockRolloutState(tx, version);
        return tx.rolloutState.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
      });
    const results = await Promise.allSettled([transition(), transition(), transition()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((r) => r.status === "rejected")) {
      expect(result.reason).toMatchObject({
        code: "conflict",
        extra: { current: expect.objectContaining({ version: version + 1 }) },
      });
    }
  });
});
