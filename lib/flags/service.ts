import "server-only";
import type { AuditActor } from "../audit/record";
import type { Transaction } from "../db/client";
import type { Flag } from "../db/generated/client";
import { commitChange, type Emit } from "../events/change-service";
import { AppError } from "../http/errors";
import { db } from "../db/client";
import type { CreateFlagInput, UpdateFlagInput } from "./schemas";
import { toFlagDto, type FlagDto } from "./serializers";
import { fromColumns, fromWire, sameValue, toColumns, toWire, type FlagValue, type FlagValueWire } from "./value";

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
  return commitChange({ actor, requestId }, async (tx, emit) => {
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
    await emit(
      "flag.created",
      { key: flag.key, version: flag.version },
      { target: { type: "flag", id: flag.key }, after: auditView(flag), reason: input.reason },
    );
    return toFlagDto(flag);
  });
}

/**
 * Changes a flag's value or description: the row, its audit event and the notification to every instance commit
 * together. With expectedVersion, a change made by someone else in the meantime is refused (409, current state).
 * The value goes through setFlagValues, the same path a phase transition takes.
 */
export async function updateFlag(
  key: string,
  input: UpdateFlagInput,
  actor: AuditActor,
  requestId: string,
): Promise<FlagDto> {
  return commitChange({ actor, requestId }, async (tx, emit) => {
    const before = await lockFlag(tx, key);
    if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
      throw new AppError(
        "conflict",
        `"${key}" was changed by ${before.updatedBy} since you loaded it (version ${before.version}, you had ${input.expectedVersion}). Review the current value and try again.`,
        { extra: { current: toFlagDto(before) } },
      );
    }
    const value = input.value === undefined ? fromColumns(before.kind, before.percentage) : fromWire(input.value);
    const description = input.description ?? before.description;
    const valueChanged = !sameValue(value, fromColumns(before.kind, before.percentage));
    if (!valueChanged && description === before.description) return toFlagDto(before);
    if (valueChanged) await setFlagValues(tx, new Map([[key, value]]), actor.label);
    if (description !== before.description) {
      await tx.flag.update({
        where: { key },
        // The version moves once per change: setFlagValues already bumped it when the value changed too.
        data: { description, ...(valueChanged ? {} : { version: { increment: 1 }, updatedAt: new Date() }) },
      });
    }
    const flag = await tx.flag.findUniqueOrThrow({ where: { key } });
    await emitFlagChanged(emit, before, flag, input.reason);
    return toFlagDto(flag);
  });
}

function emitFlagChanged(emit: Emit, before: Flag, after: Flag, reason: string | null | undefined) {
  return emit(
    "flag.changed",
    { key: after.key, version: after.version },
    { target: { type: "flag", id: after.key }, before: auditView(before), after: auditView(after), reason },
  );
}

/** One flag whose value setFlagValues changed. */
export type FlagValueChange = { key: string; before: FlagValueWire; after: FlagValueWire; version: number };

/**
 * Sets many flags to the given values inside the caller's transaction, set-based: one locking read and one UPDATE
 * whatever the number of flags. Only flags whose value differs are written (their version bumped); the caller
 * records what happened (one flag.changed for an operator's edit, one phase event for a transition). Every key must
 * name an existing flag.
 */
export async function setFlagValues(
  tx: Transaction,
  desired: ReadonlyMap<string, FlagValue>,
  updatedBy: string,
): Promise<FlagValueChange[]> {
  if (desired.size === 0) return [];
  const keys = [...desired.keys()];
  // Locks in key order, so two transitions touching the same flags cannot deadlock.
  const rows = await tx.$queryRaw<{ key: string; kind: Flag["kind"]; percentage: number | null }[]>`
    SELECT key, kind::text AS kind, percentage FROM flags WHERE key = ANY(${keys}::text[]) ORDER BY key FOR UPDATE`;
  if (rows.length !== keys.length) {
    const found = new Set(rows.map((row) => row.key));
    const missing = keys.filter((key) => !found.has(key));
    throw new AppError("not_found", `No flag ${missing.map((key) => `"${key}"`).join(", ")}.`);
  }
  const changed = rows.flatMap((row) => {
    const before = fromColumns(row.kind, row.percentage);
    const after = desired.get(row.key)!;
    return sameValue(before, after) ? [] : [{ key: row.key, before, after }];
  });
  if (changed.length === 0) return [];
  const columns = changed.map((change) => toColumns(change.after));
  const updated = await tx.$queryRaw<{ key: string; version: number }[]>`
    UPDATE flags AS f
       SET kind = c.kind::"FlagValueKind", percentage = c.percentage, version = f.version + 1,
           updated_at = now(), updated_by = ${updatedBy}
      FROM unnest(${changed.map((change) => change.key)}::text[], ${columns.map((c) => c.kind)}::text[],
                  ${columns.map((c) => c.percentage)}::int[]) AS c(key, kind, percentage)
     WHERE f.key = c.key
    RETURNING f.key, f.version`;
  const versions = new Map(updated.map((row) => [row.key, row.version]));
  return changed.map((change) => ({
    key: change.key,
    before: toWire(change.before),
    after: toWire(change.after),
    version: versions.get(change.key)!,
  }));
}

async function lockFlag(tx: Transaction, key: string): Promise<Flag> {
  const rows = await tx.$queryRaw<{ key: string }[]>`SELECT key FROM flags WHERE key = ${key} FOR UPDATE`;
  if (rows.length === 0) throw notFound(key);
  return tx.flag.findUniqueOrThrow({ where: { key } });
}
