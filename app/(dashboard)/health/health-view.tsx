"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { humanize } from "@/lib/format";
import { RANGES } from "@/lib/health/charts";
import { METRIC_KEYS } from "@/lib/health/metrics";
import { guardRunsQuery, healthChartsQuery } from "@/lib/health/queries";
import type { HealthRange } from "@/lib/health/schemas";
import { CanaryPanel } from "./canary-panel";
import { MetricCharts } from "./health-charts";
import { ThresholdsPanel } from "./thresholds-panel";

const cell = (v: number | null | undefined) => (v === null || v === undefined ? "no data" : v.toFixed(2));

export function HealthView() {
  const [range, setRange] = useState<HealthRange>("1h");
  const charts = useQuery(healthChartsQuery(range));
  const runs = useQuery(guardRunsQuery());
  return (
    <div className="space-y-4">
      <div className="flex gap-2" role="group" aria-label="Range">
        {(Object.keys(RANGES) as HealthRange[]).map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={r === range}
            onClick={() => setRange(r)}
            className={`rounded-md border px-3 py-1 text-sm ${r === range ? "border-accent bg-accent/10" : "border-line"}`}
          >
            {r}
          </button>
        ))}
      </div>
      <CanaryPanel />
      <QueryState query={charts} label="the charts">
        {(data) =>
          data.points.length === 0 ? (
            <EmptyState title="No interval reports received yet">
              <p>
                Charts appear once services report (POST /api/v1/ingest with an ingest token). A metric without samples
                is drawn as a gap, never as zero.
              </p>
            </EmptyState>
          ) : (
            <>
              <MetricCharts data={data} />
              <div className="grid gap-4 lg:grid-cols-2">
                <Panel title="Errors by code">
                  <table className="w-full text-left text-sm" data-testid="errors-by-code">
                    <thead className="text-muted text-xs">
                      <tr>
                        <th className="py-1 pr-4 font-medium">Code</th>
                        <th className="py-1 pr-4 font-medium">Category</th>
                        <th className="py-1 pr-4 text-right font-medium">Errors ({range})</th>
                        <th className="py-1 text-right font-medium">Worst minute</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.errorsByCode.map((e) => (
                        <tr key={e.code} className="border-line border-t">
                          <td className="py-1 pr-4 font-mono text-xs">{e.code}</td>
                          <td className="py-1 pr-4">{e.category}</td>
                          <td className="py-1 pr-4 text-right tabular-nums">{e.total}</td>
                          <td className="py-1 text-right tabular-nums">
                            {Math.max(...e.points.map((p) => p.count / (data.bucketSeconds / 60))).toFixed(0)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Panel>
                <Panel title="Per node, last 5 minutes">
                  <div className="max-h-80 overflow-auto">
                    <table className="w-full text-left text-xs" data-testid="per-node">
                      <thead className="text-muted">
                        <tr>
                          <th className="py-1 pr-2 font-medium">Node</th>
                          {METRIC_KEYS.map((m) => (
                            <th key={m} className="py-1 pr-2 text-right font-medium">
                              {humanize(m)}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {data.nodes.map((n) => (
                          <tr key={n.node} className="border-line border-t">
                            <td className="py-1 pr-2 font-mono">{n.node}</td>
                            {METRIC_KEYS.map((m) => (
                              <td key={m} className="py-1 pr-2 text-right tabular-nums">
                                {cell(n.readings[m])}
                              </td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </Panel>
              </div>
            </>
          )
        }
      </QueryState>
      <Panel title="Guard evaluations">
        <QueryState query={runs} label="guard evaluations">
          {(list) =>
            list.length === 0 ? (
              <p className="text-muted text-sm">The guard has not evaluated yet.</p>
            ) : (
              <table className="w-full text-left text-xs" data-testid="guard-runs">
                <thead className="text-muted">
                  <tr>
                    <th className="py-1 pr-2 font-medium">At</th>
                    <th className="py-1 pr-2 font-medium">Verdict</th>
                    <th className="py-1 pr-2 font-medium">Action</th>
                    <th className="py-1 pr-2 font-medium">Readings (verdict, value, samples, in a row)</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((run) => (
                    <tr key={run.id} className="border-line border-t align-top">
                      <td className="py-1 pr-2 whitespace-nowrap">{new Date(run.at).toLocaleTimeString()}</td>
                      <td className="py-1 pr-2">{run.verdict}</td>
                      <td className="py-1 pr-2" title={run.reason ?? undefined}>
                        {run.action}
                        {run.reason ? <div className="text-muted">{run.reason}</div> : null}
                      </td>
                      <td className="py-1 pr-2 font-mono">
                        {Object.entries(run.readings)
                          .map(([m, [v, value, samples, n]]) => `${m}: ${v} ${value ?? "-"} (${samples}, ${n})`)
                          .join(" · ")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryState>
      </Panel>
      <ThresholdsPanel />
    </div>
  );
}
