// Alerts: something operators should see and acknowledge. Opened inside the caller's transaction (a rollback and
// its alert commit together) through openAlert; the health guard opens threshold alerts the same way.
import "server-only";
import type { AuditActor } from "../audit/record";
import { db, type Transaction } from "../db/client";
import type { AlertKind, AlertSeverity } from "../db/generated/client";
import { commitChange, type Emit } from "../events/change-service";
import { AppError } from "../http/errors";
import type { AlertListQuery } from "./schemas";
import { toAlertDto, type AlertDto } from "./serializers";

export type NewAlert = { kind: AlertKind; severity: AlertSeverity; title: string; detail?: string; openedAt?: Date };

/** Writes the alert and announces alert.opened in the caller's transaction. */
export async function openAlert(tx: Transaction, emit: Emit, alert: NewAlert): Promise<AlertDto> {
  const row = await tx.alert.create({
    data: {
      kind: alert.kind,
      severity: alert.severity,
      title: alert.title,
      detail: alert.detail ?? "",
      openedAt: alert.openedAt,
    },
  });
  await emit(
    "alert.opened",
    { id: row.id },
    {
      target: { type: "alert", id: row.id },
      after: { kind: row.kind, severity: row.severity, title: row.title, detail: row.detail },
    },
  );
  return toAlertDto(row);
}

export async function listAlerts(query: AlertListQuery): Promise<AlertDto[]> {
  const rows = await db().alert.findMany({
    where: query.status === "open" ? { acknowledgedAt: null, resolvedAt: null } : {},
    orderBy: { openedAt: "desc" },
    take: query.limit,
  });
  return rows.map(toAlertDto);
}

/** Acknowledging twice is harmless: the first acknowledgement stands and nothing more is recorded. */
export async function acknowledgeAlert(id: string, actor: AuditActor, requestId: string): Promise<AlertDto> {
  return commitChange({ actor, requestId }, async (tx, emit) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM alerts WHERE id = ${id}::uuid FOR UPDATE`;
    if (rows.length === 0) throw new AppError("not_found", `No alert "${id}".`);
    const alert = await tx.alert.findUniqueOrThrow({ where: { id } });
    if (alert.acknowledgedAt) return toAlertDto(alert);
    const updated = await tx.alert.update({
      where: { id },
      data: { acknowledgedBy: actor.label, acknowledgedAt: new Date() },
    });
    await emit(
      "alert.acknowledged",
      { id },
      { target: { type: "alert", id }, before: { acknowledgedBy: null }, after: { acknowledgedBy: actor.label } },
    );
    return toAlertDto(updated);
  });
}
