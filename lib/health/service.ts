import "server-only";
import { toThresholdDto, type ThresholdDto } from "./serializers";
import { db } from "../db/client";

export async function listThresholds(): Promise<ThresholdDto[]> {
  const rows = await db().threshold.findMany({ orderBy: { metric: "asc" } });
  return rows.map(toThresholdDto);
}
