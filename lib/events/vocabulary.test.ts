import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "../auth/policy";
import { EVENTS, EVENT_TYPES, QUERY_ROOTS, changesFlags, makeEvent, parseEvent, streamEnding } from "./vocabulary";

describe("the event vocabulary", () => {
  it("names every event domain.verb in snake case, and each says who may receive it and what it makes stale", () => {
    for (const type of EVENT_TYPES) {
      if (type === "resync") continue;
      expect(type).toMatch(/^[a-z]+\.[a-z_]+$/);
      const spec = EVENTS[type];
      expect([...PERMISSIONS, "internal"]).toContain(spec.audience);
      if (spec.invalidates !== "everything") {
        expect(spec.invalidates.length).toBeGreaterThan(0);
        for (const root of spec.invalidates) expect(QUERY_ROOTS).toContain(root);
      }
    }
  });

  it("covers the design's events", () => {
    for (const type of [
      "flag.changed",
      "phase.advanced",
      "phase.rolled_back",
      "rollout.emergency_rollback",
      "rollout.auto_rollback",
      "rollout.gate_overridden",
      "rollout.frozen",
      "rollout.unfrozen",
      "threshold.changed",
      "canary.regressed",
      "alert.opened",
      "alert.acknowledged",
      "readiness.completed",
      "runbook.ticked",
    ]) {
      expect(EVENT_TYPES).toContain(type);
    }
  });

  it("accepts a notification only when its type is known and its payload fits the type's schema", () => {
    expect(parseEvent({ type: "flag.changed", key: "use_v2_coordinator", version: 3 })).toEqual({
      type: "flag.changed",
      key: "use_v2_coordinator",
      version: 3,
    });
    expect(parseEvent({ type: "flag.changed", key: "use_v2_coordinator" })).toBeUndefined();
    expect(parseEvent({ type: "tokens.changed", id: "t1" })).toBeUndefined();
    expect(parseEvent({ type: "phase.advanced", from: 0, to: 1, version: 1 })).toBeUndefined();
    expect(parseEvent("flag.changed")).toBeUndefined();
    expect(parseEvent(null)).toBeUndefined();
    expect(parseEvent([])).toBeUndefined();
  });

  it("refuses to build an event whose payload is wrong: that is a server bug, thrown, never sent", () => {
    // @ts-expect-error the payload lacks `to`
    expect(() => makeEvent("phase.advanced", { from: 1, version: 2 })).toThrow();
    expect(makeEvent("phase.advanced", { from: null, to: 1, version: 2 })).toEqual({
      type: "phase.advanced",
      from: null,
      to: 1,
      version: 2,
    });
  });

  it("marks the events after which flag values may differ, so every snapshot reloads", () => {
    expect(changesFlags({ type: "flag.changed" })).toBe(true);
    expect(changesFlags({ type: "phase.rolled_back" })).toBe(true);
    expect(changesFlags({ type: "rollout.emergency_rollback" })).toBe(true);
    expect(changesFlags({ type: "resync" })).toBe(true);
    expect(changesFlags({ type: "alert.opened" })).toBe(false);
    expect(changesFlags({ type: "token.revoked" })).toBe(false);
  });

  it("says whose open streams a revocation ends", () => {
    expect(streamEnding({ type: "token.revoked", tokenId: "t1" })).toEqual({ tokenId: "t1" });
    expect(streamEnding({ type: "user.disabled", userId: "u1" })).toEqual({ userId: "u1" });
    expect(streamEnding({ type: "user.logged_out", userId: "u1", sessionId: "s1" })).toEqual({ sessionId: "s1" });
    expect(streamEnding({ type: "flag.changed", key: "k", version: 1 })).toBeUndefined();
  });
});
