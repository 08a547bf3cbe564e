"use client";

import { memo } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, chartColors } from "@/components/chart-frame";
import { Panel } from "@/components/panel";
import type { NodeView } from "@/lib/supervision/serializers";

const SERIES_COLORS = ["var(--bad)", "var(--warn)", "var(--accent)", "var(--ok)", "#8b5cf6", "#64748b"];

/** Restarts over time, the latest restarts with reasons, what changed, and the heaviest message queues. */
export const NodePanels = memo(function NodePanels({
  view,
  onSelect,
}: {
  view: NodeView;
  onSelect: (i: number) => void;
}) {
  const { series, diff, tree } = view;
  const data = series.minutes.map((minute, k) => ({
    minute: new Date(minute).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }),
    ...series.counts[k],
  }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Panel title="Restarts per minute, last hour, by supervisor">
        {series.supervisors.length === 0 ? (
          <p className="text-muted text-sm">No restarts in the last hour.</p>
        ) : (
          <ChartFrame label="Restarts per minute by supervisor">
            <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" />
              <XAxis dataKey="minute" tick={{ fill: chartColors.text, fontSize: 11 }} minTickGap={24} />
              <YAxis allowDecimals={false} tick={{ fill: chartColors.text, fontSize: 11 }} width={32} />
              <Tooltip
                contentStyle={{ background: "var(--panel)", border: "1px solid var(--line)", color: "var(--text)" }}
              />
              <Legend />
              {series.supervisors.map((s, k) => (
                <Bar key={s} dataKey={s} stackId="restarts" fill={SERIES_COLORS[k % SERIES_COLORS.length]} />
              ))}
            </BarChart>
          </ChartFrame>
        )}
      </Panel>
      <Panel title="Latest restarts">
        {view.latestRestarts.length === 0 ? (
          <p className="text-muted text-sm">None in the last hour.</p>
        ) : (
          <ul className="max-h-56 space-y-1 overflow-auto text-sm">
            {view.latestRestarts.map((r, k) => (
              <li key={k}>
                <span className="text-muted">{new Date(r.at).toLocaleTimeString()}</span>{" "}
                <strong>{r.supervisor}</strong> restarted {r.childId}: <code className="break-all">{r.reason}</code>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Since the previous snapshot">
        {!diff.hasPrevious ? (
          <p className="text-muted text-sm">This is the node’s first snapshot.</p>
        ) : (
          <div className="space-y-2 text-sm">
            <p>
              {diff.counts.added} added, {diff.counts.removed} removed, {diff.counts.restarted} restarted
            </p>
            {(["restarted", "added", "removed"] as const).map((kind) =>
              diff[kind].length ? (
                <details key={kind}>
                  <summary>{kind}</summary>
                  <ul className="max-h-40 overflow-auto">
                    {diff[kind].map((path) => (
                      <li key={path} className="break-all">
                        {path}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null,
            )}
          </div>
        )}
      </Panel>
      <Panel title="Heaviest message queues">
        {view.heaviestQueues.length === 0 ? (
          <p className="text-muted text-sm">No process has messages waiting.</p>
        ) : (
          <ol className="space-y-1 text-sm">
            {view.heaviestQueues.map((i) => (
              <li key={i}>
                <button className="hover:underline" onClick={() => onSelect(i)}>
                  {tree.name[i] ?? tree.id[i]}
                </button>{" "}
                <span className="text-muted">{tree.queue[i]?.toLocaleString()} messages</span>
              </li>
            ))}
          </ol>
        )}
      </Panel>
    </div>
  );
});
