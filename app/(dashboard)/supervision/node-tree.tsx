"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { supervisionNodeQuery } from "@/lib/supervision/queries";
import type { NodeView } from "@/lib/supervision/serializers";
import { ancestorsOf, indexSearch, indexTree, searchProcesses, visibleRows } from "@/lib/supervision/tree-model";
import { NodePanels } from "./node-panels";
import { ProcessDetail } from "./process-detail";
import { heatOf, TreeRows } from "./tree-rows";

export function NodeTree({ node }: { node: string }) {
  const view = useQuery(supervisionNodeQuery(node));
  return (
    <QueryState query={view} label={`the tree of ${node}`}>
      {(data) => <LoadedTree key={data.snapshot.id} view={data} />}
    </QueryState>
  );
}

function LoadedTree({ view }: { view: NodeView }) {
  const { tree } = view;
  const index = useMemo(() => indexTree(tree), [tree]);
  // Roots and their children open; deeper levels open on demand, so a 100,000-process tree starts small.
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set(index.roots));
  const [selected, setSelected] = useState<number | null>(null);
  const [query, setQuery] = useState("");
  const rows = useMemo(() => visibleRows(index, expanded), [index, expanded]);
  // Built once per snapshot; typing then scans one lower-cased string. The list follows the typing a frame behind
  // (useDeferredValue), so keystrokes never wait for it.
  const search = useMemo(() => indexSearch(tree), [tree]);
  const searched = useDeferredValue(query);
  const matches = useMemo(
    () => (searched.trim().length >= 2 ? searchProcesses(tree, searched, 100, search) : []),
    [tree, searched, search],
  );
  const headroom = useMemo(() => new Map(view.headroom.map((h) => [h.supervisor, h])), [view.headroom]);

  // Stable callbacks, so the memoised panels (the Recharts chart above all) do not re-render on every keystroke,
  // expansion or selection.
  const toggle = useCallback(
    (i: number) =>
      setExpanded((open) => {
        const next = new Set(open);
        if (next.has(i)) next.delete(i);
        else next.add(i);
        return next;
      }),
    [],
  );
  const reveal = useCallback(
    (i: number) => {
      setExpanded((open) => new Set([...open, ...ancestorsOf(tree, i)]));
      setSelected(i);
    },
    [tree],
  );
  const heat = useCallback((i: number) => heatOf(view, headroom, i), [view, headroom]);
  const atRisk = view.headroom.filter((h) => h.level !== "ok").sort((a, b) => a.left - b.left);

  return (
    <div className="space-y-4">
      {atRisk.length > 0 ? (
        <div role="alert" className="border-bad/40 text-bad rounded-md border px-4 py-3 text-sm">
          {atRisk.map((h) => (
            <div key={h.supervisor}>
              <strong>{h.supervisor}</strong>: {h.inPeriod} of {h.intensity} restarts within {h.period}s
              {h.left === 0
                ? ": the next restart makes it give up and escalate"
                : `: ${h.left} left before it gives up`}
            </div>
          ))}
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Panel
          title={`Tree: ${tree.pid.length.toLocaleString()} processes, taken ${new Date(view.snapshot.takenAt).toLocaleString()}`}
        >
          <input
            type="search"
            aria-label="Search processes by name, id or module"
            placeholder="Search by name, id or module"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className="border-line bg-panel mb-2 w-full rounded-md border px-3 py-1.5 text-sm"
          />
          {matches.length > 0 ? (
            <ul
              aria-label="Search results"
              className="border-line mb-2 max-h-40 overflow-auto rounded-md border text-sm"
            >
              {matches.map((i) => (
                <li key={i}>
                  <button className="hover:bg-accent/10 w-full px-2 py-1 text-left" onClick={() => reveal(i)}>
                    {tree.name[i] ?? tree.id[i]}{" "}
                    <span className="text-muted">
                      {tree.module[i] ?? ""} {tree.pid[i]}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : query.trim().length >= 2 ? (
            <p className="text-muted mb-2 text-sm">Nothing matches “{query}”.</p>
          ) : null}
          <TreeRows
            view={view}
            index={index}
            rows={rows}
            expanded={expanded}
            selected={selected}
            onToggle={toggle}
            onSelect={setSelected}
            heat={heat}
          />
        </Panel>
        <ProcessDetail view={view} index={index} selected={selected} onSelect={reveal} />
      </div>
      <NodePanels view={view} onSelect={reveal} />
    </div>
  );
}
