import { describe, expect, it } from "vitest";
import {
  KEEP_PER_FLAG,
  MAX_STORED_KEY_LENGTH,
  createEvaluationSampler,
  uniqueRows,
  type SampledId,
} from "./evaluation-sample";

describe("the evaluation sample", () => {
  it("writes each flag's distinct ids once per flush, with their type", async () => {
    const written: SampledId[][] = [];
    const sampler = createEvaluationSampler({ write: async (rows) => void written.push(rows), everyMs: 60_000 });
    sampler.record("use_v2_coordinator", "agent-1", "string");
    sampler.record("use_v2_coordinator", "agent-1", "string");
    sampler.record("use_v2_coordinator", "42", "integer");
    sampler.record("use_persistent_agents", "agent-1", "string");
    await sampler.flush();
    await sampler.flush(); // nothing new: no write
    expect(written).toHaveLength(1);
    expect(written[0]!.map((r) => `${r.flagKey}/${r.idType}/${r.targetKey}`).sort()).toEqual([
      "use_persistent_agents/string/agent-1",
      "use_v2_coordinator/integer/42",
      "use_v2_coordinator/string/agent-1",
    ]);
    await sampler.stop();
  });

  it("keeps memory bounded between flushes", async () => {
    const written: SampledId[][] = [];
    const sampler = createEvaluationSampler({ write: async (rows) => void written.push(rows), everyMs: 60_000 });
    for (let i = 0; i < KEEP_PER_FLAG * 3; i++) sampler.record("f", `id-${i}`, "string");
    await sampler.stop();
    expect(written[0]).toHaveLength(KEEP_PER_FLAG);
  });

  it("survives a failed write and keeps sampling", async () => {
    const logged: string[] = [];
    let fail = true;
    const written: SampledId[][] = [];
    const sampler = createEvaluationSampler({
      write: async (rows) => {
        if (fail) throw new Error("db down");
        written.push(rows);
      },
      everyMs: 60_000,
      log: (m) => logged.push(m),
    });
    sampler.record("f", "a", "string");
    await sampler.flush();
    fail = false;
    sampler.record("f", "b", "string");
    await sampler.stop();
    expect(logged[0]).toMatch(/db down/);
    expect(written.flat().map((r) => r.targetKey)).toEqual(["b"]);
  });
});

describe("the evaluation sample's bounds", () => {
  const collect = () => {
    const written: SampledId[][] = [];
    return { written, write: async (rows: SampledId[]) => void written.push(rows) };
  };

  it("keeps an interval's newest ids, not its first ones, and counts a re-seen id as new", async () => {
    const { written, write } = collect();
    const sampler = createEvaluationSampler({ write, everyMs: 60_000 });
    sampler.record("f", "early-but-seen-again", "string");
    for (let i = 0; i < KEEP_PER_FLAG * 2; i++) sampler.record("f", `id-${i}`, "string");
    sampler.record("f", "early-but-seen-again", "string");
    await sampler.stop();
    const kept = new Set(written.flat().map((row) => row.targetKey));
    expect(kept.size).toBe(KEEP_PER_FLAG);
    expect(kept.has("early-but-seen-again")).toBe(true);
    expect(kept.has(`id-${KEEP_PER_FLAG * 2 - 1}`)).toBe(true);
    expect(kept.has("id-0")).toBe(false);
    expect(kept.has(`id-${KEEP_PER_FLAG}`)).toBe(false); // pushed out by the re-seen id
  });

  it("skips keys the database cannot store, without losing anyone else's", async () => {
    const { written, write } = collect();
    const sampler = createEvaluationSampler({ write, everyMs: 60_000 });
    sampler.record("f", "agent-1", "string");
    sampler.record("f", "bad\0key", "string");
    sampler.record("f", "x".repeat(4000), "string");
    sampler.record("f", "x".repeat(MAX_STORED_KEY_LENGTH), "string");
    sampler.record("f", "agent-2", "string");
    await sampler.stop();
    expect(written.flat().map((row) => row.targetKey.length)).toEqual([7, MAX_STORED_KEY_LENGTH, 7]);
    expect(sampler.stats().skippedKeys).toBe(2);
  });

  it("bounds what waits for a slow database, dropping the oldest and counting them", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const written: SampledId[][] = [];
    const logged: string[] = [];
    const sampler = createEvaluationSampler({
      write: async (rows) => {
        await gate;
        written.push(rows);
      },
      everyMs: 60_000,
      maxQueuedRows: 2_500,
      log: (message) => logged.push(message),
    });
    const interval = (flag: string) => {
      for (let i = 0; i < 1_000; i++) sampler.record(flag, `id-${i}`, "string");
      return sampler.flush();
    };
    const done = [interval("first"), interval("second"), interval("third"), interval("fourth")];
    // "first" is being written; the next three intervals wait: 3,000 rows, 500 over the bound.
    expect(sampler.stats()).toMatchObject({ droppedRows: 500, queuedRows: 2_500 });
    expect(logged.at(-1)).toMatch(/dropped the 500 oldest/);
    release();
    await Promise.all(done);
    const perFlag = (flag: string) => written.flat().filter((row) => row.flagKey === flag).length;
    expect([perFlag("first"), perFlag("second"), perFlag("third"), perFlag("fourth")]).toEqual([
      1_000, 500, 1_000, 1_000,
    ]);
    await sampler.stop();
  });

  it("merges an id queued from several intervals into one row, the newest", () => {
    const row = (ms: number): SampledId => ({
      flagKey: "f",
      targetKey: "a",
      idType: "string",
      lastSeenAt: new Date(ms),
    });
    expect(uniqueRows([row(1), row(3), row(2), { ...row(1), idType: "integer" }])).toEqual([
      row(3),
      { ...row(1), idType: "integer" },
    ]);
  });
});
