// The readiness gate on advance: reads the latest readiness run (before the transition takes the rollout lock, like
// the health gate) and applies readinessGateResult. A failed read makes the gate throw, which reads as unavailable.
import "server-only";
import { db } from "../db/client";
import { readinessSettings } from "../env";
import type { Gate } from "../rollout/gates";
import type { CheckStatus } from "./checks";
import { readinessGateResult, type LatestRunForGate } from "./gate";

async function latestRunForGate(): Promise<LatestRunForGate | null> {
  const run = await db().readinessRun.findFirst({
    orderBy: { id: "desc" },
    select: {
      id: true,
      at: true,
      ready: true,
      passed: true,
      total: true,
      results: { where: { status: { not: "passed" } }, select: { key: true, status: true } },
    },
  });
  if (!run) return null;
  const checks = await db().readinessCheck.findMany({ select: { key: true, name: true, position: true } });
  const byKey = new Map(checks.map((c) => [c.key, c]));
  const notPassed = run.results
    .map((r) => ({ key: r.key, name: byKey.get(r.key)?.name ?? r.key, status: r.status as CheckStatus }))
    .sort((a, b) => (byKey.get(a.key)?.position ?? 0) - (byKey.get(b.key)?.position ?? 0));
  return { id: run.id, at: run.at, ready: run.ready, passed: run.passed, total: run.total, notPassed };
}

export async function readReadinessGate(at: Date): Promise<Gate> {
  const settings = readinessSettings();
  try {
    const result = readinessGateResult(settings.gateEnabled ? await latestRunForGate() : null, at, {
      maxAgeHours: settings.maxAgeHours,
      enabled: settings.gateEnabled,
    });
    return { name: "readiness", evaluate: () => result };
  } catch (error) {
    return {
      name: "readiness",
      evaluate: () => {
        throw error;
      },
    };
  }
}
