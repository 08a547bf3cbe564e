import "server-only";
import { db } from "../db/client";
import { toReadinessChecklistDto, type ReadinessChecklistDto } from "./serializers";

export async function getChecklist(): Promise<ReadinessChecklistDto> {
  const checks = await db().readinessCheck.findMany({ orderBy: [{ position: "asc" }] });
  return toReadinessChecklistDto(checks);
}
