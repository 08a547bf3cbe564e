import { describe, expect, it } from "vitest";
import { KEEP_PER_FLAG, createEvaluationSampler, type SampledId } from "./evaluation-sample";

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
