import { describe, expect, it } from "vitest";
import { OFF, ON, percentage } from "../flags/value";
import { PLAN_FLAGS, PLAN_PHASES } from "./plan";
import { decideTransition, flagDifferences, targetFlagState, type RolloutPosition } from "./transitions";
import { effectiveFlagState } from "./effective-state";
import { fromWire } from "../flags/value";

const PHASES = [1, 2, 3, 4, 5];
const at = (currentPhase: number | null, status: RolloutPosition["status"] = "active"): RolloutPosition => ({
  currentPhase,
  status,
});
const settings = PLAN_PHASES.map((p) => ({
  number: p.number,
  flags: new Map(Object.entries(p.flags).map(([k, v]) => [k, fromWire(v)])),
}));
const keys = PLAN_FLAGS.map((f) => f.key);
const FORCED = ["use_v2_coordinator", "use_persistent_agents", "enforce_supervised_tasks"];

describe("decideTransition", () => {
  it("starts at phase 1 from not started, and only then", () => {
    expect(decideTransition(at(null), PHASES, "start")).toMatchObject({ ok: true, plan: { from: null, to: 1 } });
    expect(decideTransition(at(2), PHASES, "start")).toMatchObject({ ok: false, refusal: { kind: "conflict" } });
  });

  it("advances one phase at a time and refuses past the last phase, naming the field", () => {
    expect(decideTransition(at(1), PHASES, "advance")).toMatchObject({ ok: true, plan: { from: 1, to: 2 } });
    expect(decideTransition(at(5), PHASES, "advance")).toMatchObject({
      ok: false,
      refusal: { kind: "invalid", field: "body.action" },
    });
    expect(decideTransition(at(null), PHASES, "advance")).toMatchObject({ ok: false, refusal: { kind: "conflict" } });
    expect(decideTransition(at(2, "frozen"), PHASES, "advance")).toMatchObject({ ok: false });
  });

  it("rolls back to the previous phase; from phase 1 it re-applies phase 1, as the plan does", () => {
    expect(decideTransition(at(3), PHASES, "rollback")).toMatchObject({
      ok: true,
      plan: { to: 2, status: "rolled_back", entersPhase: true },
    });
    expect(decideTransition(at(1), PHASES, "rollback")).toMatchObject({ ok: true, plan: { from: 1, to: 1 } });
  });

  it("a frozen rollout stays frozen through rollbacks, the emergency and re-apply, remembering what unfreeze restores", () => {
    const frozen = { currentPhase: 3, status: "frozen" as const, frozenFrom: "active" as const };
    expect(decideTransition(frozen, PHASES, "rollback")).toMatchObject({
      plan: { to: 2, status: "frozen", frozenFrom: "rolled_back" },
    });
    expect(decideTransition(frozen, PHASES, "emergency")).toMatchObject({ plan: { to: 1, status: "frozen" } });
    expect(decideTransition(frozen, PHASES, "reapply")).toMatchObject({
      plan: { status: "frozen", frozenFrom: "active" },
    });
    expect(decideTransition(frozen, PHASES, "start")).toMatchObject({ ok: false });
    expect(decideTransition(at(3), PHASES, "rollback")).toMatchObject({ plan: { frozenFrom: null } });
  });

  it("emergency always lands on phase 1; re-apply keeps the phase and is not a new entry", () => {
    expect(decideTransition(at(4), PHASES, "emergency")).toMatchObject({
      ok: true,
      plan: { to: 1, entersPhase: true },
    });
    expect(decideTransition(at(1), PHASES, "emergency")).toMatchObject({
      ok: true,
      plan: { to: 1, entersPhase: false },
    });
    expect(decideTransition(at(3, "rolled_back"), PHASES, "reapply")).toMatchObject({
      ok: true,
      plan: { to: 3, entersPhase: false, status: "rolled_back" },
    });
  });

  it("refuses a request made against a phase that is no longer current (double click)", () => {
    expect(decideTransition(at(2), PHASES, "advance", 1)).toMatchObject({ ok: false, refusal: { kind: "conflict" } });
    expect(decideTransition(at(2), PHASES, "advance", 2)).toMatchObject({ ok: true, plan: { to: 3 } });
  });
});

describe("targetFlagState", () => {
  it("is the whole effective state: a flag turned on in phase 3 is off at phase 2", () => {
    const target = targetFlagState("rollback", 2, settings, keys, FORCED);
    expect(target.get("use_persistent_agents")).toEqual(OFF);
    expect(target.get("enforce_supervised_tasks")).toEqual(ON);
  });

  it("emergency: phase 1 with the configured flags forced off", () => {
    const target = targetFlagState("emergency", 1, settings, keys, ["use_sync_test_apis"]);
    expect(target.get("use_sync_test_apis")).toEqual(OFF);
    expect(target.get("use_new_error_handling")).toEqual(ON);
  });
});

describe("flagDifferences", () => {
  it("lists only flags that differ, from what to what, in key order", () => {
    const current = effectiveFlagState(settings, 4, keys);
    const target = effectiveFlagState(settings, 5, keys);
    expect(flagDifferences(current, target)).toEqual([{ key: "use_v2_coordinator", before: 10, after: 100 }]);
    expect(flagDifferences(new Map([["a", percentage(5)]]), new Map([["a", percentage(5)]]))).toEqual([]);
  });
});
