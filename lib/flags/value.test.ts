import { describe, expect, it } from "vitest";
import { flagBucket } from "./phash2";
import { OFF, ON, describe as describeValue, fromWire, isEnabled, isEnabledForId, percentage, toWire } from "./value";

describe("flag values", () => {
  it("round-trips the wire form", () => {
    for (const wire of ["on", "off", 0, 10, 100] as const) expect(toWire(fromWire(wire))).toBe(wire);
  });

  it("rejects percentages outside 0..100 or not integers", () => {
    expect(() => percentage(101)).toThrow(RangeError);
    expect(() => percentage(-1)).toThrow(RangeError);
    expect(() => percentage(2.5)).toThrow(RangeError);
  });

  it("enabled? is true only when on (a percentage is not globally enabled)", () => {
    expect(isEnabled(ON)).toBe(true);
    expect(isEnabled(OFF)).toBe(false);
    expect(isEnabled(percentage(100))).toBe(false);
  });

  it("enabled_for_id? follows on, off and the phash2 bucket", () => {
    expect(isEnabledForId("use_v2_coordinator", ON, "x")).toBe(true);
    expect(isEnabledForId("use_v2_coordinator", OFF, "x")).toBe(false);
    expect(isEnabledForId("use_v2_coordinator", percentage(0), "x")).toBe(false);
    expect(isEnabledForId("use_v2_coordinator", percentage(100), "x")).toBe(true);
    const bucket = flagBucket("use_v2_coordinator", "agent-7", "string");
    expect(isEnabledForId("use_v2_coordinator", percentage(bucket), "agent-7")).toBe(false);
    expect(isEnabledForId("use_v2_coordinator", percentage(bucket + 1), "agent-7")).toBe(true);
  });

  it("describes values for people", () => {
    expect(describeValue(percentage(10))).toBe("10%");
    expect(describeValue(ON)).toBe("on");
  });
});
