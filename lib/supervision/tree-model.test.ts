import { describe, expect, it } from "vitest";
import type { ProcessColumns } from "./snapshot-input";
import { ancestorsOf, indexSearch, indexTree, searchProcesses, visibleRows } from "./tree-model";

// root(0) -> a(1) -> w(3); root -> b(2)
const tree = {
  pid: ["<0.1.0>", "<0.2.0>", "<0.3.0>", "<0.4.0>"],
  parent: [-1, 0, 0, 1],
  id: ["root", "a", "b", "w"],
  name: ["root_sup", null, null, "cache_worker"],
  module: ["root_sup", "a_sup", "b_mod", "cache"],
} as unknown as ProcessColumns;

describe("tree model", () => {
  it("shows children of expanded processes only, in order", () => {
    const index = indexTree(tree);
    expect(visibleRows(index, new Set())).toEqual([0]);
    expect(visibleRows(index, new Set([0]))).toEqual([0, 1, 2]);
    expect(visibleRows(index, new Set([0, 1]))).toEqual([0, 1, 3, 2]);
    expect([...index.depth]).toEqual([0, 1, 1, 2]);
  });
  it("finds by name, id or module and knows the way up", () => {
    expect(searchProcesses(tree, "CACHE")).toEqual([3]);
    expect(searchProcesses(tree, "b_mod")).toEqual([2]);
    expect(ancestorsOf(tree, 3)).toEqual([1, 0]);
  });
  it("searches one prebuilt index: each process once, in tree order, by pid exactly, never across fields", () => {
    const index = indexSearch(tree);
    expect(searchProcesses(tree, "_sup", 100, index)).toEqual([0, 1]);
    expect(searchProcesses(tree, "a", 100, index)).toEqual([1, 3]);
    expect(searchProcesses(tree, "a", 1, index)).toEqual([1]);
    expect(searchProcesses(tree, "<0.3.0>", 100, index)).toEqual([2]);
    expect(searchProcesses(tree, "rootroot", 100, index)).toEqual([]);
    expect(searchProcesses(tree, "w", 100, index)).toEqual([3]);
    expect(searchProcesses(tree, "  ", 100, index)).toEqual([]);
  });
  it("finds the same processes as a plain scan over 10,000 generated ones", () => {
    const n = 10_000;
    const big = {
      pid: Array.from({ length: n }, (_, i) => `<0.${i}.0>`),
      parent: Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0)),
      id: Array.from({ length: n }, (_, i) => `Worker_${i}`),
      name: Array.from({ length: n }, (_, i) => (i % 3 ? null : `Reg_${i % 97}`)),
      module: Array.from({ length: n }, (_, i) => (i % 2 ? "cache" : "session")),
    } as unknown as ProcessColumns;
    const index = indexSearch(big);
    for (const q of ["worker_12", "REG_5", "cache", "_99", "sess", "zzz"]) {
      const plain = big.id
        .map((_, i) => i)
        .filter((i) =>
          [big.id[i] ?? "", big.name[i] ?? "", big.module[i] ?? ""].some((f) =>
            f.toLowerCase().includes(q.toLowerCase()),
          ),
        )
        .slice(0, 100);
      expect(searchProcesses(big, q, 100, index)).toEqual(plain);
    }
  });
});
