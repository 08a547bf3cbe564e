import "server-only";
import { now } from "../clock";
import { db } from "../db/client";
import type { FlagValue } from "../flags/value";
import { AppError } from "../http/errors";
import { effectiveFlagState } from "./effective-state";
import type { Transaction } from "../db/client";
import { Prisma, type RolloutState } from "../db/generated/client";
import { advanceGates } from "./gate-registry-service";
import { evaluateGates } from "./gates";
import { readPlanSnapshot } from "./plan-store";
import { readRunbook } from "./runbook-service";
import {
  toPhaseDto,
  toRolloutStateDto,
  toTimelineEntryDto,
  wireRecord,
  type RolloutOverviewDto,
  type TimelineEntryDto,
} from "./serializers";
import { flagDifferences } from "./transitions";

/** rollout_state's columns under the model's field names, for the raw locking reads. */
const STATE_COLUMNS = Prisma.sql`id, current_phase AS "currentPhase", entered_at AS "enteredAt", status::text AS status,
  version, entry, emergency_forced_off AS "emergencyForcedOff", frozen_from::text AS "frozenFrom",
  updated_at AS "updatedAt"`;

const notLoaded = () =>
  new AppError("unavailable", "The rollout plan has not been loaded yet; restart Phasegate to load it.");

export async function getRolloutOverview(): Promise<RolloutOverviewDto> {
  const client = db();
  const [state, phases, snapshot] = await Promise.all([
    client.rolloutState.findUnique({ where: { id: 1 } }),
    client.phase.findMany({ orderBy: { number: "asc" }, include: { runbookItems: true } }),
    readPlanSnapshot(client),
  ]);
  if (!state) throw notLoaded();
  const flagKeys = [...snapshot.flags.keys()];
  const current = phases.find((p) => p.number === state.currentPhase);
  const next = phases.find((p) => state.currentPhase !== null && p.number > state.currentPhase);
  return {
    state: toRolloutStateDto(state),
    serverNow: now().toISOString(),
    flagKeys,
    flags: wireRecord(snapshot.flags),
    emergencyForcedOff: state.emergencyForcedOff,
    drift:
      state.currentPhase === null
        ? []
        : flagDifferences(snapshot.flags, effectiveFlagState(snapshot.settings, state.currentPhase, flagKeys)).map(
            (d) => ({ key: d.key, actual: d.before, expected: d.after }),
          ),
    gates:
      current && next
        ? await evaluateGates(await advanceGates(now()), {
            now: now(),
            phase: { number: current.number, monitorForMinutes: current.monitorForMinutes },
            enteredAt: state.enteredAt,
            nextPhase: next.number,
          })
        : [],
    runbook: await readRunbook(client, state),
    phases: phases.map((phase, index) =>
      toPhaseDto(
        phase,
        snapshot.settings[index]!.flags as ReadonlyMap<string, FlagValue>,
        effectiveFlagState(snapshot.settings, phase.number, flagKeys),
      ),
    ),
  };
}

/** Audit actions the rollout timeline shows. */
export const TIMELINE_ACTIONS = [
  "phase.advanced",
  "phase.rolled_back",
  "phase.reapplied",
  "rollout.emergency_rollback",
  "rollout.auto_rollback",
  "rollout.gate_overridden",
  "rollout.frozen",
  "rollout.unfrozen",
  "plan.changed",
  "rollout.emergency_list_changed",
  "alert.opened",
  "alert.acknowledged",
] as const;

export async function getRolloutTimeline(limit = 100): Promise<TimelineEntryDto[]> {
  const rows = await db().auditEvent.findMany({
    where: { action: { in: [...TIMELINE_ACTIONS] } },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map(toTimelineEntryDto);
}

/**
 * Locks the rollout state row for the caller's transaction: every transition starts here, so transitions are
 * serialised. With expectedVersion (the version the caller saw), a state someone else moved since is refused: 409
 * with the current state, so the loser of two simultaneous clicks sees what won. A versioned request also does not
 * queue behind a transition in flight (SKIP LOCKED): that one will change the version, so it is refused at once
 * instead of holding a pooled connection while it waits. Without a version (the emergency rollback) it waits its turn.
 */
export async function lockRolloutState(tx: Transaction, expectedVersion?: number): Promise<RolloutState> {
  // Each locking read returns the whole row: one round trip, not a lock and then a read.
  const locked =
    expectedVersion === undefined
      ? await tx.$queryRaw<RolloutState[]>`SELECT ${STATE_COLUMNS} FROM rollout_state WHERE id = 1 FOR UPDATE`
      : await tx.$queryRaw<
          RolloutState[]
        >`SELECT ${STATE_COLUMNS} FROM rollout_state WHERE id = 1 FOR UPDATE SKIP LOCKED`;
  // Busy: wait only for the transition in flight (shared locks do not queue behind each other), then refuse with
  // the state it left.
  const state =
    locked[0] ??
    (await tx.$queryRaw<RolloutState[]>`SELECT ${STATE_COLUMNS} FROM rollout_state WHERE id = 1 FOR SHARE`)[0];
  if (!state) throw notLoaded();
  if (expectedVersion !== undefined && expectedVersion !== state.version) {
    throw new AppError(
      "conflict",
      `The rollout changed since you loaded it (version ${state.version}, you had ${expectedVersion}). Review the current state and try again.`,
      { extra: { current: toRolloutStateDto(state) } },
    );
  }
  if (locked.length === 0)
    throw new AppError(
      "conflict",
      "Another change to the rollout was being applied at the same time. Review the current state and try again.",
      { extra: { current: toRolloutStateDto(state) } },
    );
  return state;
}
