import { describe, expect, it } from "vitest";
import { changeImpact, parsePastedIds, shareOnByPercentage } from "./impact";
import { flagBucket } from "./phash2";
import { OFF, ON, percentage } from "./value";

const ids = Array.from({ length: 500 }, (_, i) => ({ id: `agent-${i}`, idType: "string" as const }));
const inAt = (p: number) => ids.filter(({ id }) => flagBucket("use_v2_coordinator", id, "string") < p).length;

describe("change impact", () => {
  it("counts exactly the ids whose bucket lies between the old and new percentage", () => {
    const impact = changeImpact("use_v2_coordinator", percentage(10), percentage(25), ids);
    expect(impact).toEqual({
      total: 500,
      turnOn: inAt(25) - inAt(10),
      turnOff: 0,
      unchanged: 500 - (inAt(25) - inAt(10)),
      unevaluable: 0,
    });
    expect(changeImpact("use_v2_coordinator", percentage(25), percentage(10), ids).turnOff).toBe(inAt(25) - inAt(10));
  });

  it("treats on and off as 100 and 0", () => {
    expect(changeImpact("use_v2_coordinator", OFF, ON, ids).turnOn).toBe(500);
    expect(changeImpact("use_v2_coordinator", percentage(100), ON, ids).turnOn).toBe(0);
  });

  it("sets aside ids that cannot be hashed as their type", () => {
    const impact = changeImpact("f", percentage(0), percentage(100), [
      { id: "12a", idType: "integer" },
      { id: "7", idType: "integer" },
    ]);
    expect(impact).toMatchObject({ turnOn: 1, unevaluable: 1 });
  });
});

describe("share of a sample that is on", () => {
  it("rises from 0 to 1 and matches the buckets", () => {
    const curve = shareOnByPercentage("use_v2_coordinator", ids);
    expect(curve[0]).toEqual({ percentage: 0, share: 0 });
    expect(curve[100]!.share).toBe(1);
    expect(curve[10]!.share).toBeCloseTo(inAt(10) / 500, 10);
    for (let p = 1; p <= 100; p++) expect(curve[p]!.share).toBeGreaterThanOrEqual(curve[p - 1]!.share);
  });
});

it("parses pasted ids, one per line or comma-separated, without duplicates", () => {
  expect(parsePastedIds("a, b\nc  a\n\n")).toEqual(["a", "b", "c"]);
});
