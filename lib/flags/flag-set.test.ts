import { describe, expect, it } from "vitest";
import { buildFlagSet, changedFlags, type FlagRow } from "./flag-set";

const rows: FlagRow[] = [
  { key: "b_flag", kind: "percentage", percentage: 10, version: 3 },
  { key: "a_flag", kind: "on", percentage: null, version: 1 },
];

describe("flag sets", () => {
  it("keys flags in key order with parsed values", () => {
    const set = buildFlagSet(rows);
    expect([...set.flags.keys()]).toEqual(["a_flag", "b_flag"]);
    expect(set.flags.get("b_flag")).toEqual({
      key: "b_flag",
      value: { kind: "percentage", percentage: 10 },
      version: 3,
    });
  });

  it("lists what changed between two sets, deletions with a null value", () => {
    const before = buildFlagSet(rows);
    const after = buildFlagSet([
      { key: "a_flag", kind: "on", percentage: null, version: 1 },
      { key: "c_flag", kind: "off", percentage: null, version: 1 },
    ]);
    expect(changedFlags(before, after)).toEqual([
      { key: "c_flag", version: 1, value: "off" },
      { key: "b_flag", version: 3, value: null },
    ]);
    const raised = buildFlagSet(rows.map((r) => (r.key === "b_flag" ? { ...r, percentage: 20, version: 4 } : r)));
    expect(changedFlags(before, raised)).toEqual([{ key: "b_flag", version: 4, value: 20 }]);
    expect(changedFlags(before, buildFlagSet(rows))).toEqual([]);
  });
});
