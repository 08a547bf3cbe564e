// One caller's odd id must not cost everyone else's ids of that window.
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { saveEvaluatedIds } from "./evaluated-ids-store";
import type { SampledId } from "./evaluation-sample";

const row = (targetKey: string, at = new Date()): SampledId => ({
  flagKey: "use_v2_coordinator",
  targetKey,
  idType: "string",
  lastSeenAt: at,
});

describe("saving the evaluation sample", () => {
  it("stores every good id of a batch that also holds a NUL key, a 4,000-character key and a repeated id", async () => {
    const earlier = new Date(Date.now() - 60_000);
    await saveEvaluatedIds([
      row("agent-1"),
      row("with\0nul"),
      row("x".repeat(4000)),
      row("agent-2", earlier),
      row("agent-2"), // the same id from a later interval, queued while the database was slow
      row("agent-3"),
    ]);
    const stored = await db().evaluatedId.findMany({
      where: { flagKey: "use_v2_coordinator" },
      orderBy: { targetKey: "asc" },
    });
    expect(stored.map((r) => r.targetKey)).toEqual(["agent-1", "agent-2", "agent-3"]);
    expect(stored[1]!.lastSeenAt.getTime()).toBeGreaterThan(earlier.getTime());
  });
});
