import { describe, expect, it } from "vitest";
import type { ProcessColumns } from "./snapshot-input";
import { ancestorsOf, indexTree, searchProcesses, visibleRows } from "./tree-model";

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
});
