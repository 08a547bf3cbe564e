"use client";

import { useQuery } from "@tanstack/react-query";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { systemHealthQuery } from "@/lib/system/queries";

export function InstallationPanel() {
  const health = useQuery(systemHealthQuery());
  return (
    <Panel title="Installation">
      <QueryState query={health} label="system health">
        {(report) => (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1.5 text-sm">
            <dt className="text-muted">Version</dt>
            <dd>{report.version}</dd>
            <dt className="text-muted">Status</dt>
            <dd className={report.status === "ok" ? "text-ok" : "text-bad"}>{report.status}</dd>
            <dt className="text-muted">Database</dt>
            <dd>
              {report.database.reachable
                ? `reachable (${report.database.latencyMs} ms)`
                : `unreachable: ${report.database.error ?? ""}`}
            </dd>
            <dt className="text-muted">Schema</dt>
            <dd>
              {report.migrations.state === "unknown"
                ? "unknown (the database is unreachable)"
                : report.migrations.current
                  ? `up to date (${report.migrations.applied} migrations)`
                  : `pending: ${report.migrations.pending.join(", ")}`}
            </dd>
            {report.warnings.map((warning) => (
              <dd key={warning} className="col-span-2 text-bad">
                {warning}
              </dd>
            ))}
          </dl>
        )}
      </QueryState>
    </Panel>
  );
}
