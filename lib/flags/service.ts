import "server-only";
import { recordAudit, type AuditActor } from "../audit/record";
import { db, type Transaction } from "../db/client";
import { notifyInTransaction } from "../db/notify";
import type { Flag } from "../db/generated/client";
import { AppError } from "../http/errors";
import type { CreateFlagInput, UpdateFlagInput } from "./schemas";
import { toFlagDto, type FlagDto } from "./serializers";
import { fromColumns, fromWire, sameValue, toColumns, toWire } from "./value";

export async function listFlags(): Promise<FlagDto[]> {
  const flags = await db().flag.findMany({ orderBy: { key: "asc" } });
  return flags.map(toFlagDto);
}

export async function getFlag(key: string): Promise<FlagDto> {
  const flag = await db().flag.findUnique({ where: { key } });
  if (!flag) throw notFound(key);
  return toFlagDto(flag);
}

const notFound = (key: string) => new AppError("not_found", `No flag "${key}".`);

/** What the audit trail keeps of a flag. */
const auditView = (flag: Flag) => ({
  value: toWire(fromColumns(flag.kind, flag.percentage)),
  description: flag.description,
  version: flag.version,
});

export async function createFlag(input: CreateFlagInput, actor: AuditActor, requestId: string): Promise<FlagDto> {
  return db().$transaction(async (tx) => {
    if (await tx.flag.findUnique({ where: { key: input.key } })) {
      throw new AppError("validation_failed", `body.key: a flag "${input.key}" already exists`, {
        invalidParams: [{ name: "body.key", reason: "a flag with this key already exists" }],
      });
    }
    const flag = await tx.flag.create({
      data: {
        key: input.key,
        description: input.description,
        ...toColumns(fromWire(input.value)),
        updatedBy: actor.label,
      },
    });
    await recordAudit(tx, {
      actor,
      action: "flag.created",
      target: { type: "flag", id: flag.key },
      after: auditView(flag),
      reason: input.reason,
      requestId,
    });
    await notifyInTransaction(tx, { type: "flag.created", key: flag.key, version: flag.version });
    return toFlagDto(flag);
  });
}

/**
 * Changes a flag's value or description: the row, its audit event and the notification to every instance commit
 * together. With expectedVersion, a change made by someone else in the meantime is refused (409, current state).
 */
export async function updateFlag(
  key: string,
  input: UpdateFlagInput,
  actor: AuditActor,
  requestId: string,
): Promise<FlagDto> {
  return db().$transaction(async (tx) => {
    const before = await lockFlag(tx, key);
    if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
      throw new AppError(
        "conflict",
        `"${key}" was changed by ${before.updatedBy} since you loaded it (version ${before.version}, you had ${input.expectedVersion}). Review the current value and try again.`,
        {
          extra: { current: toFlagDto(before) },
        },
      );
    }
    const value = input.value === undefined ? fromColumns(before.kind, before.percentage) : fromWire(input.value);
    const description = input.description ?? before.description;
    if (sameValue(value, fromColumns(before.kind, before.percentage)) && description === before.description)
      return toFlagDto(before);
    const flag = await tx.flag.update({
      where: { key },
      data: {
        ...toColumns(value),
        description,
        version: { increment: 1 },
        updatedAt: new Date(),
        updatedBy: actor.label,
      },
    });
    await recordAudit(tx, {
      actor,
      action: "flag.changed",
      target: { type: "flag", id: key },
      before: auditView(before),
      after: auditView(flag),
      reason: input.reason,
      requestId,
    });
    await notifyInTransaction(tx, { type: "flag.changed", key, version: flag.version });
    return toFlagDto(flag);
  });
}

async function lockFlag(tx: Transaction, key: string): Promise<Flag> {
  const rows = await tx.$queryRaw<{ key: string }[]>`SELECT key FROM flags WHERE key = ${key} FOR UPDATE`;
  if (rows.length === 0) throw notFound(key);
  return tx.flag.findUniqueOrThrow({ where: { key } });
}
