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
  const columns = keys.map((key) => toColumns(desired.get(key)!));
  // One statement (a round trip per transition saved): lock the rows in key order (so two transitions touching the
  // same flags cannot deadlock), update only those that differ, and answer every desired key with its value before
  // and, when changed, its new version. A key with no row comes back with no kind: nothing is kept (the caller's
  // transaction rolls back on the error).
  const rows = await tx.$queryRaw<
    { key: string; kind: Flag["kind"] | null; percentage: number | null; version: number | null }[]
  >`
    WITH desired AS (
           SELECT * FROM unnest(${keys}::text[], ${columns.map((c) => c.kind)}::text[],
                                ${columns.map((c) => c.percentage)}::int[]) AS d(key, kind, percentage)),
         locked AS (
           SELECT f.key, f.kind::text AS kind, f.percentage FROM flags f
            WHERE f.key IN (SELECT key FROM desired) ORDER BY f.key FOR UPDATE),
         updated AS (
           UPDATE flags AS f
              SET kind = d.kind::"FlagValueKind", percentage = d.percentage, version = f.version + 1,
                  updated_at = now(), updated_by = ${updatedBy}
             FROM desired d JOIN locked l ON l.key = d.key
            WHERE f.key = d.key AND (l.kind <> d.kind OR l.percentage IS DISTINCT FROM d.percentage)
           RETURNING f.key, f.version)
    SELECT d.key, l.kind, l.percentage, u.version
      FROM desired d LEFT JOIN locked l ON l.key = d.key LEFT JOIN updated u ON u.key = d.key
     ORDER BY d.key`;
  const missing = rows.filter((row) => row.kind === null).map((row) => row.key);
  if (missing.length) throw new AppError("not_found", `No flag ${missing.map((key) => `"${key}"`).join(", ")}.`);
  return rows.flatMap((row) => {
    if (row.version === null) return [];
    const before = fromColumns(row.kind!, row.percentage);
    return [{ key: row.key, before: toWire(before), after: toWire(desired.get(row.key)!), version: row.version }];
  });
}

async function lockFlag(tx: Transaction, key: string): Promise<Flag> {
  const rows = await tx.$queryRaw<{ key: string }[]>`SELECT key FROM flags WHERE key = ${key} FOR UPDATE`;
  if (rows.length === 0) throw notFound(key);
  return tx.flag.findUniqueOrThrow({ where: { key } });
}
