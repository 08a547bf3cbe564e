// CSV for audit exports (RFC 4180 quoting). Cells that a spreadsheet would run as a formula get a leading quote
// mark, so an exported trail cannot execute anything when opened. Pure.
import type { AuditEventDto } from "./serializers";

export const AUDIT_CSV_HEADER = [
  "id",
  "at",
  "actor_type",
  "actor_id",
  "actor",
  "action",
  "target_type",
  "target_id",
  "reason",
  "request_id",
  "before",
  "after",
];

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: unknown[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function auditCsvRow(event: AuditEventDto): string {
  return csvRow([
    event.id,
    event.at,
    event.actor.type,
    event.actor.id,
    event.actor.label,
    event.action,
    event.target.type,
    event.target.id,
    event.reason,
    event.requestId,
    event.before,
    event.after,
  ]);
}
