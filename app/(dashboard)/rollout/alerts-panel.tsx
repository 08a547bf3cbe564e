"use client";

import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { usePermission } from "@/components/use-permission";
import { useAcknowledgeAlert } from "@/lib/alerts/mutations";
import { alertsQuery } from "@/lib/alerts/queries";
import { formatDateTime } from "@/lib/format";

const SEVERITY = { info: "text-muted", warning: "text-warn", critical: "text-bad" } as const;

export function AlertsPanel() {
  const alerts = useQuery(alertsQuery("all"));
  const mayOperate = usePermission("operate");
  const acknowledge = useAcknowledgeAlert();
  const list = alerts.data ?? [];
  return (
    <Panel title="Alerts">
      {list.length === 0 ? (
        <p className="text-muted text-sm">No alerts. Transitions, rollbacks and threshold violations open them.</p>
      ) : (
        <ul className="space-y-2 text-sm" data-testid="alerts">
          {list.slice(0, 20).map((alert) => (
            <li key={alert.id} className="flex items-start justify-between gap-3" data-testid="alert-row">
              <div>
                <span className={`font-medium ${SEVERITY[alert.severity]}`}>{alert.title}</span>{" "}
                <span className="text-muted text-xs">{formatDateTime(alert.openedAt)}</span>
                <p className="text-muted text-xs">{alert.detail}</p>
              </div>
              {alert.resolvedAt ? (
                <span className="text-ok text-xs whitespace-nowrap" data-testid="alert-resolved">
                  resolved {formatDateTime(alert.resolvedAt)}
                </span>
              ) : alert.acknowledgedBy ? (
                <span className="text-muted text-xs whitespace-nowrap">acknowledged by {alert.acknowledgedBy}</span>
              ) : mayOperate ? (
                <Button onClick={() => acknowledge.mutate(alert.id)} disabled={acknowledge.isPending}>
                  Acknowledge
                </Button>
              ) : (
                <span className="text-warn text-xs">open</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
