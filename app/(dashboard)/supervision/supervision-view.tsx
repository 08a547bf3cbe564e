"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { QueryState } from "@/components/query-state";
import { supervisionNodesQuery } from "@/lib/supervision/queries";
import { NodeTree } from "./node-tree";

export function SupervisionView() {
  const nodes = useQuery(supervisionNodesQuery());
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <QueryState query={nodes} label="nodes">
      {({ nodes: list }) => {
        if (list.length === 0)
          return (
            <EmptyState title="No supervision trees reported yet">
              <p>
                Add clients/erlang to a node and point its reporter at this Phasegate with an ingest token: each node
                then sends its tree, its restarts and what it holds of the flags.
              </p>
            </EmptyState>
          );
        const node = chosen && list.some((n) => n.node === chosen) ? chosen : list[0]!.node;
        return (
          <div className="space-y-4">
            <div role="tablist" aria-label="Nodes" className="flex flex-wrap gap-2">
              {list.map((n) => (
                <button
                  key={n.node}
                  role="tab"
                  aria-selected={n.node === node}
                  onClick={() => setChosen(n.node)}
                  className={`rounded-md border px-3 py-1.5 text-sm ${n.node === node ? "border-accent bg-accent/10" : "border-line"}`}
                >
                  {n.node}{" "}
                  <span className="text-muted">
                    {n.processCount.toLocaleString()} processes
                    {n.restartsLastHour ? `, ${n.restartsLastHour} restarts/h` : ""}
                  </span>
                </button>
              ))}
            </div>
            <NodeTree node={node} />
          </div>
        );
      }}
    </QueryState>
  );
}
