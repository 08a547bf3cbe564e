import "server-only";
import { db } from "../db/client";
import { fromColumns, toWire, type FlagValue } from "../flags/value";
import { AppError } from "../http/errors";
import { effectiveFlagState } from "./effective-state";
import type { RolloutOverviewDto } from "./serializers";

export async function getRolloutOverview(): Promise<RolloutOverviewDto> {
  const [state, phases, flags] = await Promise.all([
    db().rolloutState.findUnique({ where: { id: 1 } }),
    db().phase.findMany({ orderBy: { number: "asc" }, include: { flagSettings: true } }),
    db().flag.findMany({ select: { key: true }, orderBy: { key: "asc" } }),
  ]);
  if (!state)
    throw new AppError("unavailable", "The rollout plan has not been loaded yet; restart Phasegate to load it.");
  const flagKeys = flags.map((f) => f.key);
  const settings = phases.map((phase) => ({
    number: phase.number,
    flags: new Map<string, FlagValue>(phase.flagSettings.map((s) => [s.flagKey, fromColumns(s.kind, s.percentage)])),
  }));
  return {
    state: {
      currentPhase: state.currentPhase,
      enteredAt: state.enteredAt?.toISOString() ?? null,
      status: state.status,
      version: state.version,
      updatedAt: state.updatedAt.toISOString(),
    },
    flagKeys,
    phases: phases.map((phase, index) => ({
      number: phase.number,
      name: phase.name,
      plannedDurationMinutes: phase.plannedDurationMinutes,
      monitorForMinutes: phase.monitorForMinutes,
      validation: phase.validation,
      checks: phase.checks,
      settings: Object.fromEntries([...settings[index]!.flags].map(([k, v]) => [k, toWire(v)])),
      effective: Object.fromEntries(
        [...effectiveFlagState(settings, phase.number, flagKeys)].map(([k, v]) => [k, toWire(v)]),
      ),
    })),
  };
}
