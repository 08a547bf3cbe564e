import "server-only";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { AUDIT_CSV_HEADER, auditCsvRow, csvRow } from "./csv";
import type { AuditExportQuery, AuditQuery } from "./schemas";
import { toAuditEventDto, type AuditPage } from "./serializers";

/** Newest first, paginated by id (ids grow with every insert). `target` matches "type" or "type:id". */
export async function listAuditEvents(query: AuditQuery): Promise<AuditPage> {
  const rows = await eventsBefore(auditWhere(query), query.cursor ? BigInt(query.cursor) : null, query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    events: page.map(toAuditEventDto),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/** Matching events newest first, older than the cursor id when there is one: the page and the export share it. */
function eventsBefore(where: Prisma.AuditEventWhereInput, cursor: bigint | null, take: number) {
  return db().auditEvent.findMany({
    where: cursor === null ? where : { AND: [where, { id: { lt: cursor } }] },
    orderBy: { id: "desc" },
    take,
  });
}

function auditWhere(query: Omit<AuditQuery, "cursor" | "limit">): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (query.actor) where.actorLabel = query.actor;
  if (query.action)
    where.action = query.action.endsWith("*") ? { startsWith: query.action.slice(0, -1) } : query.action;
  if (query.target) {
    const [type, ...rest] = query.target.split(":");
    where.targetType = type;
    if (rest.length) where.targetId = rest.join(":");
  }
  if (query.from || query.to)
    where.at = { gte: query.from ? new Date(query.from) : undefined, lte: query.to ? new Date(query.to) : undefined };
  return where;
}

const EXPORT_BATCH = 1000;

/** Every matching event, newest first, streamed in batches so a long trail never sits in memory at once. */
/** The first batch is read before the stream is returned, so an unreachable database answers 503, not a cut body. */
export async function exportAuditEvents(query: AuditExportQuery): Promise<ReadableStream<Uint8Array>> {
  const where = auditWhere(query);
  const encoder = new TextEncoder();
  let cursor: bigint | null = null;
  let first = true;
  let prefetched: Awaited<ReturnType<typeof eventsBefore>> | null = await eventsBefore(where, cursor, EXPORT_BATCH);
  return new ReadableStream({
    async pull(controller) {
      const rows = prefetched ?? (await eventsBefore(where, cursor, EXPORT_BATCH));
      prefetched = null;
      let chunk = "";
      if (first) chunk += query.format === "csv" ? csvRow(AUDIT_CSV_HEADER) : "[";
      for (const [index, row] of rows.entries()) {
        const event = toAuditEventDto(row);
        chunk +=
          query.format === "csv" ? auditCsvRow(event) : `${first && index === 0 ? "" : ","}\n${JSON.stringify(event)}`;
      }
      first = false;
      cursor = rows.length ? rows[rows.length - 1]!.id : cursor;
      if (rows.length < EXPORT_BATCH) {
        if (query.format === "json") chunk += "\n]\n";
        controller.enqueue(encoder.encode(chunk));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}
