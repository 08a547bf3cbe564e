import { describe, expect, it } from "vitest";
import { OFF, ON, fromWire, percentage } from "../flags/value";
import { effectiveFlagState } from "./effective-state";
import { PLAN_FLAGS, PLAN_PHASES } from "./plan";

const phases = PLAN_PHASES.map((p) => ({
  number: p.number,
  flags: Object.fromEntries(Object.entries(p.flags).map(([k, v]) => [k, fromWire(v)])),
}));
const keys = PLAN_FLAGS.map((f) => f.key);

describe("effective flag state of the plan's phases", () => {
  it("is all off before the rollout starts", () => {
    expect([...effectiveFlagState(phases, null, keys).values()]).toEqual(keys.map(() => OFF));
  });

  it("keeps earlier phases' flags (phase 3 keeps phase 2's)", () => {
    const state = effectiveFlagState(phases, 3, keys);
    expect(Object.fromEntries(state)).toEqual({
      use_persistent_agents: ON,
      use_v2_coordinator: OFF,
      use_new_error_handling: ON,
      use_sync_test_apis: ON,
      enforce_supervised_tasks: ON,
      use_reliable_messaging: ON,
    });
  });

  it("puts the v2 coordinator at 10% in the canary with every other flag on", () => {
    const state = effectiveFlagState(phases, 4, keys);
    expect(state.get("use_v2_coordinator")).toEqual(percentage(10));
    for (const key of keys.filter((k) => k !== "use_v2_coordinator")) expect(state.get(key)).toEqual(ON);
  });

  it("turns use_persistent_agents back off when phase 2 is the target (the plan's rollback flaw)", () => {
    expect(effectiveFlagState(phases, 2, keys).get("use_persistent_agents")).toEqual(OFF);
  });

  it("ignores settings for flags that no longer exist", () => {
    const state = effectiveFlagState([{ number: 1, flags: { gone: ON } }], 1, ["kept"]);
    expect(Object.fromEntries(state)).toEqual({ kept: OFF });
  });
});
