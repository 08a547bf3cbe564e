// The tree as the page walks it: children lists from the columnar parent array, the rows visible for a set of
// expanded supervisors, and search by name, id or module. Pure and linear, so 100,000 processes stay usable.
import type { ProcessColumns } from "./snapshot-input";

export type TreeIndex = {
  roots: number[];
  /** children of process i: childList[childStart[i] .. childStart[i + 1]) */
  childStart: Int32Array;
  childList: Int32Array;
  depth: Int32Array;
};

export function indexTree(c: ProcessColumns): TreeIndex {
  const n = c.pid.length;
  const counts = new Int32Array(n + 1);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = c.parent[i]!;
    if (p === -1) roots.push(i);
    else counts[p + 1]! += 1;
  }
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i]! + counts[i + 1]!;
  const fill = childStart.slice(0, n);
  const childList = new Int32Array(Math.max(0, n - roots.length));
  for (let i = 0; i < n; i++) {
    const p = c.parent[i]!;
    if (p !== -1) childList[fill[p]!++] = i;
  }
  const depth = new Int32Array(n);
  const stack = [...roots];
  while (stack.length) {
    const i = stack.pop()!;
    for (let k = childStart[i]!; k < childStart[i + 1]!; k++) {
      const child = childList[k]!;
      depth[child] = depth[i]! + 1;
      stack.push(child);
    }
  }
  return { roots, childStart, childList, depth };
}

export function childrenOf(index: TreeIndex, i: number): Int32Array {
  return index.childList.subarray(index.childStart[i]!, index.childStart[i + 1]!);
}

/** Rows in display order: a process is shown when every ancestor is expanded. */
export function visibleRows(index: TreeIndex, expanded: ReadonlySet<number>): number[] {
  const rows: number[] = [];
  const stack = [...index.roots].reverse();
  while (stack.length) {
    const i = stack.pop()!;
    rows.push(i);
    if (!expanded.has(i)) continue;
    const kids = childrenOf(index, i);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return rows;
}

/**
 * Every process's child id, registered name and module, lower-cased once per snapshot into one string, so a search
 * is a few native indexOf scans instead of three toLowerCase calls per process on every keystroke (docs/BENCHMARKS.md,
 * the Supervision page's interactions). starts[i] is where process i's entry begins.
 */
export type SearchIndex = { text: string; starts: Int32Array };

const FIELD = "\u0001";
const ENTRY = "\u0000";

export function indexSearch(c: ProcessColumns): SearchIndex {
  const n = c.pid.length;
  const entries = new Array<string>(n);
  const starts = new Int32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const entry = `${c.id[i]}${FIELD}${c.name[i] ?? ""}${FIELD}${c.module[i] ?? ""}`.toLowerCase();
    entries[i] = entry;
    starts[i] = at;
    at += entry.length + 1;
  }
  starts[n] = at;
  return { text: entries.join(ENTRY), starts };
}

/** The process whose entry holds text offset `offset`: the last start at or before it. */
function entryAt(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Processes whose registered name, child id or module contains `query` (case-insensitive), or whose pid is
 * exactly `query`, in tree order, at most `limit`. */
export function searchProcesses(c: ProcessColumns, query: string, limit = 100, index = indexSearch(c)): number[] {
  const raw = query.trim();
  const q = raw.toLowerCase();
  if (!q || q.includes(FIELD) || q.includes(ENTRY)) return [];
  if (raw.startsWith("<")) {
    const i = c.pid.indexOf(raw);
    if (i !== -1) return [i];
  }
  const found: number[] = [];
  for (let from = 0; found.length < limit;) {
    const offset = index.text.indexOf(q, from);
    if (offset === -1) break;
    const i = entryAt(index.starts, offset);
    found.push(i);
    from = index.starts[i + 1]!;
  }
  return found;
}

export function ancestorsOf(c: ProcessColumns, i: number): number[] {
  const chain: number[] = [];
  for (let p = c.parent[i]!; p !== -1; p = c.parent[p]!) chain.push(p);
  return chain;
}
