import { describe, expect, it } from "vitest";
import { diffTrees, headroomOf, restartSeries } from "./tree";

describe("diffTrees", () => {
  it("tells added, removed and restarted apart by place in the tree", () => {
    const before = { paths: ["r", "r/a", "r/b"], pids: ["<0.1.0>", "<0.2.0>", "<0.3.0>"] };
    const after = { paths: ["r", "r/a", "r/c"], pids: ["<0.1.0>", "<0.9.0>", "<0.4.0>"] };
    const diff = diffTrees(before, after);
    expect([diff.added, diff.removed, diff.restarted]).toEqual([["r/c"], ["r/b"], ["r/a"]]);
    expect(diffTrees(undefined, after).hasPrevious).toBe(false);
  });
});

describe("headroomOf", () => {
  const now = 100_000;
  it("counts restarts within the period against MaxR", () => {
    expect(headroomOf(3, 5, [now - 6_000, now - 4_000, now - 1_000], now)).toEqual({
      inPeriod: 2,
      left: 1,
      level: "warning",
    });
    expect(headroomOf(3, 5, [now - 3, now - 2, now - 1], now).level).toBe("critical");
    expect(headroomOf(3, 5, [], now)).toEqual({ inPeriod: 0, left: 3, level: "ok" });
  });
});

describe("restartSeries", () => {
  it("buckets restarts per minute for the busiest supervisors", () => {
    const now = new Date("2026-11-25T19:10:30Z");
    const at = (iso: string) => new Date(iso);
    const series = restartSeries(
      [
        { supervisor: "a", at: at("2026-11-25T19:10:01Z") },
        { supervisor: "a", at: at("2026-11-25T19:09:59Z") },
        { supervisor: "b", at: at("2026-11-25T19:10:02Z") },
      ],
      now,
      2,
    );
    expect(series.supervisors).toEqual(["a", "b"]);
    expect(series.counts).toEqual([
      { a: 1, b: 0 },
      { a: 1, b: 1 },
    ]);
  });
});
