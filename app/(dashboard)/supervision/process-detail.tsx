"use client";

import { memo } from "react";
import { Panel } from "@/components/panel";
import type { NodeView } from "@/lib/supervision/serializers";
import { headroomOf, supervisorKey } from "@/lib/supervision/tree";
import { childrenOf, type TreeIndex } from "@/lib/supervision/tree-model";

const LEVEL_CLASS = { ok: "bg-ok", warning: "bg-warn", critical: "bg-bad" } as const;
const MAX_CHILDREN_SHOWN = 200;

/** The selected process; for a worker, also its supervisor, since that is where restarts and headroom live. */
export const ProcessDetail = memo(function ProcessDetail(props: {
  view: NodeView;
  index: TreeIndex;
  selected: number | null;
  onSelect: (i: number) => void;
}) {
  const { view, selected } = props;
  const tree = view.tree;
  if (selected === null)
    return (
      <Panel title="Details">
        <p className="text-muted text-sm">Select a process, or search for one, to see its supervisor’s headroom.</p>
      </Panel>
    );
  const supervisor = tree.supervisor[selected] ? selected : tree.parent[selected]!;
  return (
    <div className="space-y-4">
      {!tree.supervisor[selected] ? (
        <Panel title={`Worker ${tree.name[selected] ?? tree.id[selected]}`}>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
            <dt className="text-muted">pid</dt>
            <dd>{tree.pid[selected]}</dd>
            <dt className="text-muted">module</dt>
            <dd>{tree.module[selected] ?? "unknown"}</dd>
            <dt className="text-muted">restarted</dt>
            <dd>{tree.restarts[selected]} times</dd>
            <dt className="text-muted">message queue</dt>
            <dd>{tree.queue[selected] ?? "gone"}</dd>
            <dt className="text-muted">memory</dt>
            <dd>{tree.memory[selected]?.toLocaleString() ?? "gone"} bytes</dd>
          </dl>
        </Panel>
      ) : null}
      {supervisor !== -1 ? <SupervisorDetail {...props} supervisor={supervisor} /> : null}
    </div>
  );
});

function SupervisorDetail({
  view,
  index,
  supervisor: i,
  onSelect,
}: {
  view: NodeView;
  index: TreeIndex;
  supervisor: number;
  onSelect: (i: number) => void;
}) {
  const tree = view.tree;
  const key = supervisorKey(tree, i);
  const intensity = tree.intensity[i]!;
  const period = tree.period[i]!;
  // No restarts in the last hour: the full intensity is left (the time does not matter with no restarts).
  const room = view.headroom.find((h) => h.supervisor === key) ?? headroomOf(intensity, period, [], 0);
  const lastHour = view.recentBySupervisor[key] ?? 0;
  const restarts = view.latestRestarts.filter((r) => r.supervisor === key).slice(0, 10);
  const children = childrenOf(index, i);
  const used = intensity === 0 ? 1 : Math.min(1, room.inPeriod / intensity);
  return (
    <Panel title={`Supervisor ${key}`}>
      <section aria-label={`Restarts of ${key}`} className="space-y-3 text-sm">
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1">
          <dt className="text-muted">strategy</dt>
          <dd>{tree.strategy[i]}</dd>
          <dt className="text-muted">intensity / period</dt>
          <dd>
            {intensity} restarts in {period}s
          </dd>
          <dt className="text-muted">restarts (since reporter start)</dt>
          <dd data-testid="supervisor-restarts">{tree.restarts[i]}</dd>
          <dt className="text-muted">restarts in the last hour</dt>
          <dd>{lastHour}</dd>
        </dl>
        <div>
          <div className="mb-1">
            Headroom: <strong>{room.inPeriod}</strong> of {intensity} restarts within the last {period}s
            {room.left === 0 ? " — the next restart makes it give up" : `, ${room.left} left`}
          </div>
          <div className="bg-line h-2 w-full overflow-hidden rounded" aria-hidden>
            <div className={`h-2 ${LEVEL_CLASS[room.level]}`} style={{ width: `${Math.max(2, used * 100)}%` }} />
          </div>
        </div>
        {restarts.length > 0 ? (
          <ul className="space-y-1">
            {restarts.map((r) => (
              <li key={`${r.at}-${r.childId}`}>
                <span className="text-muted">{new Date(r.at).toLocaleTimeString()}</span> {r.childId}: {r.reason}
              </li>
            ))}
          </ul>
        ) : null}
        <div>
          <div className="text-muted mb-1">{children.length} children</div>
          <ul className="max-h-48 overflow-auto">
            {[...children.subarray(0, MAX_CHILDREN_SHOWN)].map((c) => (
              <li key={c}>
                <button className="hover:underline" onClick={() => onSelect(c)}>
                  {tree.supervisor[c] ? "⊞ " : ""}
                  {tree.name[c] ?? tree.id[c]}
                </button>
                {tree.restarts[c] ? <span className="text-muted"> {tree.restarts[c]} restarts</span> : null}
              </li>
            ))}
          </ul>
        </div>
      </section>
    </Panel>
  );
}
