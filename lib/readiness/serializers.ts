export type ReadinessCheckDto = { key: string; category: string; name: string; description: string };

export type ReadinessChecklistDto = { categories: { name: string; checks: ReadinessCheckDto[] }[]; total: number };
