// The one freeze state. A frozen rollout refuses start and advance until unfrozen; rollbacks, the emergency rollback
// and re-apply stay possible and leave it frozen. rollout_state.status says whether it is frozen (and frozen_from
// what an unfreeze returns to); guard_state's frozen_* columns say since when, why and on what evidence (the
// Overview shows them). An operator's freeze, the guard's freeze after an automatic rollback, an operator's unfreeze
// and the acknowledgement of an automatic rollback all go through the functions below.
import "server-only";
import type { AuditActor } from "../audit/record";
import { now } from "../clock";
import type { Transaction } from "../db/client";
import { Prisma, type RolloutState } from "../db/generated/client";
import { commitChange, type Emit } from "../events/change-service";
import { AppError } from "../http/errors";
import { toRolloutStateDto, type RolloutStateDto } from "./serializers";
import { lockRolloutState } from "./service";

type Caller = { actor: AuditActor; requestId: string };
export type FreezeResultDto = { changed: true; message: string; state: RolloutStateDto };

const target = (state: RolloutState) => ({ type: "rollout", id: `phase:${state.currentPhase ?? "none"}` });

/**
 * Records a freeze the caller has already written to rollout_state (status frozen, new version): why and on what
 * evidence, and the rollout.frozen event. The guard's automatic rollback moves and freezes in one update.
 */
export async function recordFreeze(
  tx: Transaction,
  emit: Emit,
  frozen: RolloutState,
  input: { reason: string; evidence?: object },
) {
  await tx.guardState.update({
    where: { id: 1 },
    data: {
      frozenAt: now(),
      frozenReason: input.reason,
      frozenEvidence: input.evidence ? (input.evidence as Prisma.InputJsonValue) : Prisma.DbNull,
    },
  });
  await emit(
    "rollout.frozen",
    { version: frozen.version },
    {
      target: target(frozen),
      before: { status: frozen.frozenFrom },
      after: { status: "frozen", ...(input.evidence ? { evidence: input.evidence } : {}) },
      reason: input.reason,
    },
  );
}

const conflict = (detail: string, state: RolloutState) =>
  new AppError("conflict", detail, { extra: { current: toRolloutStateDto(state) } });

/** An operator freezes the rollout: advancing is refused until someone unfreezes it, with a reason. */
export function freezeRollout(input: { reason: string; expectedVersion?: number }, caller: Caller) {
  return commitChange(caller, async (tx, emit): Promise<FreezeResultDto> => {
    const state = await lockRolloutState(tx, input.expectedVersion);
    if (state.status === "frozen") throw conflict("The rollout is already frozen; nothing changed.", state);
    const frozen = await tx.rolloutState.update({
      where: { id: 1 },
      data: { status: "frozen", frozenFrom: state.status, version: state.version + 1, updatedAt: now() },
    });
    await recordFreeze(tx, emit, frozen, { reason: `Frozen by ${caller.actor.label}: ${input.reason}` });
    return {
      changed: true,
      message: `Frozen at ${state.currentPhase === null ? "not started" : `phase ${state.currentPhase}`}; advancing is refused until unfrozen. No flag changed.`,
      state: toRolloutStateDto(frozen),
    };
  });
}

/**
 * Ends the freeze in the caller's transaction, whoever froze it: back to the status it had (an automatic rollback's
 * "rolled back"), the freeze's reason cleared (its evidence stays: it is the last automatic rollback's).
 */
export async function unfreezeInTransaction(tx: Transaction, emit: Emit, reason: string, expectedVersion?: number) {
  const state = await lockRolloutState(tx, expectedVersion);
  if (state.status !== "frozen") throw conflict("The rollout is not frozen; nothing changed.", state);
  const guard = await tx.guardState.findUnique({ where: { id: 1 }, select: { frozenReason: true } });
  const moved = await tx.rolloutState.update({
    where: { id: 1 },
    data: { status: state.frozenFrom ?? "active", frozenFrom: null, version: state.version + 1, updatedAt: now() },
  });
  const after = await tx.guardState.update({ where: { id: 1 }, data: { frozenAt: null, frozenReason: null } });
  await emit(
    "rollout.unfrozen",
    { version: moved.version },
    {
      target: target(moved),
      before: { status: "frozen", frozenReason: guard?.frozenReason ?? null },
      after: { status: moved.status },
      reason,
    },
  );
  return { state: moved, lastAutoRollbackAt: after.lastAutoRollbackAt };
}

/** An operator unfreezes the rollout, with a reason: advancing is possible again. */
export function unfreezeRollout(input: { reason: string; expectedVersion?: number }, caller: Caller) {
  return commitChange(caller, async (tx, emit): Promise<FreezeResultDto> => {
    const { state } = await unfreezeInTransaction(tx, emit, input.reason, input.expectedVersion);
    return {
      changed: true,
      message: `Unfrozen; the rollout is ${state.status.replace("_", " ")} at ${state.currentPhase === null ? "not started" : `phase ${state.currentPhase}`}. No flag changed.`,
      state: toRolloutStateDto(state),
    };
  });
}
