"use client";

import { memo, useEffect, useRef, useState } from "react";
import type { NodeView } from "@/lib/supervision/serializers";
import { supervisorKey, type Headroom } from "@/lib/supervision/tree";
import type { TreeIndex } from "@/lib/supervision/tree-model";

const ROW_HEIGHT = 26;
const VIEWPORT = 480;
const OVERSCAN = 10;

export type Heat = "none" | "some" | "warning" | "critical";

/** A supervisor's colour: its headroom level when it restarted recently, else whether it restarted at all. */
export function heatOf(view: NodeView, headroom: Map<string, Headroom>, i: number): Heat {
  if (!view.tree.supervisor[i]) return "none";
  const key = supervisorKey(view.tree, i);
  const level = headroom.get(key)?.level;
  if (level === "critical") return "critical";
  if (level === "warning") return "warning";
  return (view.recentBySupervisor[key] ?? 0) > 0 ? "some" : "none";
}

const HEAT_CLASS: Record<Heat, string> = {
  none: "",
  some: "text-warn",
  warning: "text-warn font-semibold",
  critical: "text-bad font-semibold",
};

/** Only the rows in view (plus a few) are in the DOM: the list scrolls through any number of processes. */
export const TreeRows = memo(function TreeRows(props: {
  view: NodeView;
  index: TreeIndex;
  rows: number[];
  expanded: ReadonlySet<number>;
  selected: number | null;
  onToggle: (i: number) => void;
  onSelect: (i: number) => void;
  heat: (i: number) => Heat;
}) {
  const { view, index, rows, expanded, selected } = props;
  const tree = view.tree;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  useEffect(() => {
    if (selected === null || !scroller.current) return;
    const at = rows.indexOf(selected);
    if (at === -1) return;
    const top = at * ROW_HEIGHT;
    const el = scroller.current;
    if (top < el.scrollTop || top > el.scrollTop + VIEWPORT - ROW_HEIGHT)
      el.scrollTop = Math.max(0, top - VIEWPORT / 2);
  }, [selected, rows]);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + VIEWPORT) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div
      ref={scroller}
      role="tree"
      aria-label="Supervision tree"
      className="relative overflow-auto text-sm"
      style={{ height: VIEWPORT }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div style={{ height: rows.length * ROW_HEIGHT, position: "relative" }}>
        {rows.slice(first, last).map((i, k) => {
          const isSupervisor = tree.supervisor[i];
          const hasChildren = index.childStart[i + 1]! > index.childStart[i]!;
          const restarts = tree.restarts[i] ?? 0;
          return (
            <div
              key={i}
              role="treeitem"
              aria-level={index.depth[i]! + 1}
              aria-expanded={hasChildren ? expanded.has(i) : undefined}
              aria-selected={selected === i}
              data-process={tree.name[i] ?? tree.id[i]}
              className={`absolute flex w-full items-center gap-1 rounded px-1 ${selected === i ? "bg-accent/15" : "hover:bg-accent/5"}`}
              style={{ top: (first + k) * ROW_HEIGHT, height: ROW_HEIGHT, paddingLeft: index.depth[i]! * 16 }}
            >
              <button
                aria-label={hasChildren ? (expanded.has(i) ? "Collapse" : "Expand") : undefined}
                disabled={!hasChildren}
                onClick={() => props.onToggle(i)}
                className="text-muted w-5 shrink-0 text-center"
              >
                {hasChildren ? (expanded.has(i) ? "▾" : "▸") : "·"}
              </button>
              <button onClick={() => props.onSelect(i)} className={`truncate text-left ${HEAT_CLASS[props.heat(i)]}`}>
                {isSupervisor ? "⊞ " : ""}
                {tree.name[i] ?? tree.id[i]}
                <span className="text-muted">
                  {" "}
                  {tree.pid[i]}
                  {isSupervisor ? ` ${tree.strategy[i]}` : ""}
                  {restarts ? `, ${restarts} restarts` : ""}
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
});
