import type { ReadinessCheck } from "../db/generated/client";

export type ReadinessCheckDto = { key: string; category: string; name: string; description: string };

export type ReadinessChecklistDto = { categories: { name: string; checks: ReadinessCheckDto[] }[]; total: number };

/** Checks in their stored order, grouped by category in the order categories first appear. */
export function toReadinessChecklistDto(checks: ReadinessCheck[]): ReadinessChecklistDto {
  const categories: ReadinessChecklistDto["categories"] = [];
  for (const { key, category, name, description } of checks) {
    let group = categories.find((c) => c.name === category);
    if (!group) categories.push((group = { name: category, checks: [] }));
    group.checks.push({ key, category, name, description });
  }
  return { categories, total: checks.length };
}
