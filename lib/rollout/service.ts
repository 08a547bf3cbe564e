import "server-only";
import { db } from "../db/client";
import { fromColumns, type FlagValue } from "../flags/value";
import { AppError } from "../http/errors";
import { effectiveFlagState } from "./effective-state";
import type { Transaction } from "../db/client";
import type { RolloutState } from "../db/generated/client";
import { toPhaseDto, toRolloutStateDto, type RolloutOverviewDto } from "./serializers";

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
    state: toRolloutStateDto(state),
    flagKeys,
    phases: phases.map((phase, index) =>
      toPhaseDto(phase, settings[index]!.flags, effectiveFlagState(settings, phase.number, flagKeys)),
    ),
  };
}

/**
 * Locks the rollout state row for the caller's transaction: every transition starts here, so transitions are
 * serialised. With expectedVersion (the version the caller saw), a state someone else moved since is refused: 409
 * with the current state, so the loser of two simultaneous clicks sees what won.
 */
export async function lockRolloutState(tx: Transaction, expectedVersion?: number): Promise<RolloutState> {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM rollout_state WHERE id = 1 FOR UPDATE`;
  if (locked.length === 0) {
    throw new AppError("unavailable", "The rollout plan has not been loaded yet; restart Phasegate to load it.");
  }
  const state = await tx.rolloutState.findUniqueOrThrow({ where: { id: 1 } });
  if (expectedVersion !== undefined && expectedVersion !== state.version) {
    throw new AppError(
      "conflict",
      `The rollout changed since you loaded it (version ${state.version}, you had ${expectedVersion}). Review the current state and try again.`,
      { extra: { current: toRolloutStateDto(state) } },
    );
  }
  return state;
}
