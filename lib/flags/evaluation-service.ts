import "server-only";
import { db } from "../db/client";
import { AppError } from "../http/errors";
import { evaluatedIdsSampler } from "./evaluated-ids-store";
import { evaluateFlag } from "./ofrep";
import { flagBucket, type IdType } from "./phash2";
import { getFlagSnapshot } from "./snapshot-store";
import { toKnownIdsDto, type EvaluationDto, type KnownIdsDto } from "./serializers";
import { toWire } from "./value";

export async function evaluateForId(key: string, id: string, idType: IdType): Promise<EvaluationDto> {
  const flag = (await getFlagSnapshot()).flags.get(key);
  if (!flag) throw new AppError("not_found", `No flag "${key}".`);
  let bucket: number;
  try {
    bucket = flagBucket(key, id, idType);
  } catch (error) {
    throw new AppError("validation_failed", `query.id: ${(error as Error).message}`, {
      invalidParams: [{ name: "query.id", reason: (error as Error).message }],
    });
  }
  const answer = evaluateFlag(key, flag, { targetingKey: id, idType });
  if ("errorCode" in answer) throw new AppError("bad_request", answer.errorDetails);
  evaluatedIdsSampler().record(key, id, idType);
  return {
    key,
    id,
    idType,
    enabled: answer.value,
    value: toWire(flag.value),
    version: flag.version,
    reason: answer.reason,
    bucket,
  };
}

export async function knownIds(key: string): Promise<KnownIdsDto> {
  if (!(await db().flag.findUnique({ where: { key }, select: { key: true } })))
    throw new AppError("not_found", `No flag "${key}".`);
  const rows = await db().evaluatedId.findMany({
    where: { flagKey: key },
    orderBy: [{ lastSeenAt: "desc" }, { targetKey: "asc" }],
    take: 1000,
  });
  return toKnownIdsDto(rows);
}
