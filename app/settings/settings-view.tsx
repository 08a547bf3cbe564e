"use client";

import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { systemHealthQuery } from "@/lib/system/queries";

export function SettingsView() {
  const health = useQuery(systemHealthQuery());
  return (
    <div className="space-y-4">
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
                {report.database.reachable ? `reachable (${report.database.latencyMs} ms)` : `unreachable: ${report.database.error ?? ""}`}
              </dd>
              <dt className="text-muted">Schema</dt>
              <dd>
                {report.migrations.current
                  ? `up to date (${report.migrations.applied} migrations)`
                  : `pending: ${report.migrations.pending.join(", ")}`}
              </dd>
            </dl>
          )}
        </QueryState>
      </Panel>
      <Panel title="API tokens">
        <EmptyState title="No API tokens yet">
          <p>Services, OpenFeature clients and the command-line tool authenticate with API tokens created here, each scoped to ingest, evaluate, operate or admin.</p>
        </EmptyState>
      </Panel>
    </div>
  );
}
