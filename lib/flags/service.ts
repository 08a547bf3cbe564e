import "server-only";
import { db } from "../db/client";
import { toFlagDto, type FlagDto } from "./serializers";

export async function listFlags(): Promise<FlagDto[]> {
  const flags = await db().flag.findMany({ orderBy: { key: "asc" } });
  return flags.map(toFlagDto);
}
