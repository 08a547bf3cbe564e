import type { Alert } from "../db/generated/client";

export type AlertDto = {
  id: string;
  kind: "threshold" | "error_spike" | "rollback" | "transition" | "readiness" | "canary";
  severity: "info" | "warning" | "critical";
  title: string;
  detail: string;
  openedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
};

export function toAlertDto(alert: Alert): AlertDto {
  return {
    id: alert.id,
    kind: alert.kind,
    severity: alert.severity,
    title: alert.title,
    detail: alert.detail,
    openedAt: alert.openedAt.toISOString(),
    acknowledgedBy: alert.acknowledgedBy,
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
  };
}
