import { describe, expect, it } from "vitest";
import { AppError } from "../http/errors";
import { MAX_DEPTH, parseSnapshot } from "./snapshot-input";

const NOW = new Date("2026-11-25T19:00:00Z");
const sup = (pid: string, parent: string | null, id: string) => ({
  pid,
  parent,
  id,
  name: id,
  module: "my_sup",
  type: "supervisor",
  strategy: "one_for_one",
  intensity: 3,
  period: 5,
  children: 1,
  restarts: 0,
  messageQueueLen: 0,
  memory: 100,
  reductions: 10,
});
const worker = (pid: string, parent: string | null, id: string) => ({
  ...sup(pid, parent, id),
  type: "worker",
  strategy: null,
  intensity: null,
  period: null,
  children: 0,
});
const snapshot = (processes: unknown[]) => ({ node: "a@h", takenAt: NOW.toISOString(), durationMs: 3, processes });

function problem(body: unknown): { status: number; names: string[]; detail: string } {
  try {
    parseSnapshot(body, NOW);
  } catch (error) {
    const e = error as AppError;
    return { status: e.status, names: (e.invalidParams ?? []).map((p) => p.name), detail: e.detail };
  }
  throw new Error("expected a problem");
}

describe("parseSnapshot", () => {
  it("turns a tree into columns with parent indexes", () => {
    const parsed = parseSnapshot(snapshot([sup("<0.1.0>", null, "root"), worker("<0.2.0>", "<0.1.0>", "w")]), NOW);
    expect(parsed.processes.parent).toEqual([-1, 0]);
    expect(parsed.processes.strategy).toEqual(["one_for_one", null]);
  });

  it("refuses cycles, naming the process", () => {
    const p = problem(snapshot([sup("<0.1.0>", "<0.2.0>", "a"), sup("<0.2.0>", "<0.1.0>", "b")]));
    expect(p.status).toBe(400);
    expect(p.detail).toMatch(/cycle/);
  });

  it("refuses duplicate pids", () => {
    const p = problem(snapshot([sup("<0.1.0>", null, "a"), sup("<0.1.0>", null, "b")]));
    expect(p.names).toEqual(["body.processes.1.pid"]);
    expect(p.detail).toMatch(/duplicate pid/);
  });

  it("refuses trees deeper than 64 levels", () => {
    const chain = Array.from({ length: MAX_DEPTH + 1 }, (_, i) =>
      sup(`<0.${i + 1}.0>`, i === 0 ? null : `<0.${i}.0>`, `s${i}`),
    );
    expect(() => parseSnapshot(snapshot(chain.slice(0, MAX_DEPTH)), NOW)).not.toThrow();
    expect(problem(snapshot(chain)).detail).toMatch(/deeper than 64/);
  });

  it("refuses more than 200,000 processes with 413", () => {
    expect(problem(snapshot(new Array(200_001).fill(0))).status).toBe(413);
  });

  it("names malformed fields, unknown fields, parents that are workers or absent", () => {
    const bad = { ...worker("<0.2.0>", "<0.1.0>", "w"), messageQueueLen: -1, colour: "red" };
    expect(problem(snapshot([sup("<0.1.0>", null, "r"), bad])).names).toEqual([
      "body.processes.1.colour",
      "body.processes.1.messageQueueLen",
    ]);
    expect(problem(snapshot([worker("<0.2.0>", "<0.9.0>", "w")])).detail).toMatch(/not in this snapshot/);
    expect(problem(snapshot([worker("<0.1.0>", null, "w"), worker("<0.2.0>", "<0.1.0>", "x")])).detail).toMatch(
      /a worker/,
    );
    expect(problem({ ...snapshot([]), takenAt: "2099-01-01T00:00:00Z" }).names).toEqual(["body.takenAt"]);
    expect(problem([]).names).toEqual(["body"]);
    expect(problem({ ...sup("<0.1.0>", null, "r") }).status).toBe(400);
  });
});
