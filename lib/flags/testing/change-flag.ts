// Changes a flag the way a real write does (row and NOTIFY in one transaction, version bumped), minus the audit
// event and validation of lib/flags/service.ts. For tests and benchmarks only.
import type { PrismaClient } from "../../db/client";
import { notifyInTransaction } from "../../db/notify";
import { toColumns, type FlagValue } from "../value";

export async function changeFlag(
  prisma: PrismaClient,
  key: string,
  value: FlagValue,
  options: { notify?: boolean } = {},
): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const flag = await tx.flag.update({
      where: { key },
      data: { ...toColumns(value), version: { increment: 1 }, updatedAt: new Date(), updatedBy: "test" },
    });
    if (options.notify !== false) await notifyInTransaction(tx, { type: "flag.changed", key, version: flag.version });
    return flag.version;
  });
}
