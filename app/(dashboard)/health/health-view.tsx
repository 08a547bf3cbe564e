"use client";

import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { humanize } from "@/lib/format";
import { thresholdsQuery } from "@/lib/health/queries";
import { PLAN_METRICS } from "@/lib/rollout/plan";

export function HealthView() {
  const thresholds = useQuery(thresholdsQuery());
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-5">
        {PLAN_METRICS.map((metric) => (
          <section
            key={metric.key}
            className="border-line bg-panel rounded-lg border p-4"
            data-testid={`metric-${metric.key}`}
          >
            <h2 className="text-muted text-xs">{humanize(metric.key)}</h2>
            <p className="mt-1 text-2xl font-semibold">
              no data <span className="text-muted text-sm font-normal">{metric.unit}</span>
            </p>
            <p className="text-muted mt-1 text-xs">{metric.about}</p>
          </section>
        ))}
      </div>
      <EmptyState title="No interval reports received yet">
        <p>
          Charts of error rate and restart counts appear once services report. Each service node sends an interval
          report (requests, errors, messages sent and delivered, recoveries, latency, restarts) to Phasegate with an
          ingest token. A metric without enough samples reads &ldquo;no data&rdquo;: it is never counted as zero and
          never counts as a violation.
        </p>
      </EmptyState>
      <Panel title="Automatic rollback thresholds">
        <QueryState query={thresholds} label="thresholds">
          {(list) => (
            <table className="w-full text-left text-sm">
              <thead className="text-muted text-xs">
                <tr>
                  <th className="py-2 pr-4 font-medium">Metric</th>
                  <th className="py-2 pr-4 font-medium">Violation when</th>
                  <th className="py-2 pr-4 font-medium">State</th>
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.metric} className="border-line border-t">
                    <td className="py-2 pr-4">{humanize(t.metric)}</td>
                    <td className="py-2 pr-4 font-mono text-xs">
                      {t.comparison === "above" ? ">" : "<"} {t.value} {t.unit}
                    </td>
                    <td className="py-2 pr-4 text-xs">{t.enabled ? "enabled" : "disabled"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </Panel>
    </div>
  );
}
