import "server-only";
import type { ReadinessChecklistDto } from "./serializers";
import { db } from "../db/client";

export async function getChecklist(): Promise<ReadinessChecklistDto> {
  const checks = await db().readinessCheck.findMany({ orderBy: [{ position: "asc" }] });
  const categories: ReadinessChecklistDto["categories"] = [];
  for (const { key, category, name, description } of checks) {
    let group = categories.find((c) => c.name === category);
    if (!group) categories.push((group = { name: category, checks: [] }));
    group.checks.push({ key, category, name, description });
  }
  return { categories, total: checks.length };
}
