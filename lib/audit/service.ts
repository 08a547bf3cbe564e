import "server-only";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { AuditQuery } from "./schemas";
import { toAuditEventDto, type AuditPage } from "./serializers";

/** Newest first, paginated by id (ids grow with every insert). `target` matches "type" or "type:id". */
export async function listAuditEvents(query: AuditQuery): Promise<AuditPage> {
  const where = auditWhere(query);
  const rows = await db().auditEvent.findMany({
    where: query.cursor ? { AND: [where, { id: { lt: BigInt(query.cursor) } }] } : where,
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    events: page.map(toAuditEventDto),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

export function auditWhere(query: Omit<AuditQuery, "cursor" | "limit">): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (query.actor) where.actorLabel = query.actor;
  if (query.action) where.action = query.action.endsWith("*") ? { startsWith: query.action.slice(0, -1) } : query.action;
  if (query.target) {
    const [type, ...rest] = query.target.split(":");
    where.targetType = type;
    if (rest.length) where.targetId = rest.join(":");
  }
  if (query.from || query.to) where.at = { gte: query.from ? new Date(query.from) : undefined, lte: query.to ? new Date(query.to) : undefined };
  return where;
}
