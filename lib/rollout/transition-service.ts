// Phase transitions: start, advance, rollback, emergency rollback, re-apply. Each one is a single transaction
// through commitChange: lock the rollout state, decide (transitions.ts), check the gates on advance, set every flag
// to the target's whole effective state (one set-based UPDATE), move the state, announce ONE event carrying the
// before/after of every changed flag and the reason, and open an alert. Every instance reloads its flags on it.
import "server-only";
import { openAlert } from "../alerts/service";
import type { AuditActor } from "../audit/record";
import { now } from "../clock";
import { db, type Transaction } from "../db/client";
import type { RolloutState } from "../db/generated/client";
import { commitChange, type Emit } from "../events/change-service";
import { setFlagValues } from "../flags/service";
import { AppError } from "../http/errors";
import { recordFreeze } from "./freeze-service";
import { advanceGates } from "./gate-registry-service";
import { evaluateGates, unmetGates, type Gate, type GateResult } from "./gates";
import { readPlanSnapshot, type PlanSnapshot } from "./plan-store";
import type { TransitionInput } from "./schemas";
import { toRolloutStateDto, type TransitionPreviewDto, type TransitionResultDto } from "./serializers";
import { lockRolloutState } from "./service";
import {
  decideTransition,
  flagDifferences,
  targetFlagState,
  TRANSITION_EVENT,
  type TransitionAction,
  type TransitionPlan,
} from "./transitions";

type Caller = { actor: AuditActor; requestId: string; mayOverride: boolean };

/** Gates answer for advances only; everything else (including rollbacks) must always be possible. */
async function gatesFor(
  gates: readonly Gate[],
  plan: TransitionPlan,
  state: RolloutState,
  snapshot: PlanSnapshot,
): Promise<GateResult[]> {
  if (plan.action !== "advance" || plan.from === null) return [];
  const phase = snapshot.phases.find((p) => p.number === plan.from)!;
  return evaluateGates(gates, { now: now(), phase, enteredAt: state.enteredAt, nextPhase: plan.to });
}

function decide(state: RolloutState, snapshot: PlanSnapshot, action: TransitionAction, from?: number | null) {
  const decision = decideTransition(
    { currentPhase: state.currentPhase, status: state.status },
    snapshot.phases.map((p) => p.number),
    action,
    from,
  );
  if (!decision.ok) {
    const { refusal } = decision;
    if (refusal.kind === "invalid")
      throw new AppError("validation_failed", `${refusal.field}: ${refusal.detail}`, {
        invalidParams: [{ name: refusal.field ?? "body", reason: refusal.detail }],
      });
    throw new AppError("conflict", refusal.detail, { extra: { current: toRolloutStateDto(state) } });
  }
  const target = targetFlagState(
    action,
    decision.plan.to,
    snapshot.settings,
    [...snapshot.flags.keys()],
    state.emergencyForcedOff,
  );
  return { plan: decision.plan, target };
}

export async function transition(
  action: TransitionAction,
  input: Partial<TransitionInput> & { reason: string },
  caller: Caller,
): Promise<TransitionResultDto> {
  // Read before the lock (see gate-registry-service.ts); rollbacks and emergencies never wait on a gate's reads.
  const advanceGateList = action === "advance" ? await advanceGates(now()) : [];
  return commitChange(
    { actor: caller.actor, requestId: caller.requestId },
    async (tx, emit) => {
      const state = await lockRolloutState(tx, input.expectedVersion);
      const snapshot = await readPlanSnapshot(tx);
      const { plan, target } = decide(state, snapshot, action, input.from);
      const gates = await gatesFor(advanceGateList, plan, state, snapshot);
      const unmet = unmetGates(gates);
      if (unmet.length && !input.override) {
        throw new AppError(
          "conflict",
          `Phase ${plan.to} cannot start yet: ${unmet.map((g) => `${g.name}: ${g.reason}`).join(" ")}`,
          { extra: { gates, unmet: unmet.map((g) => g.name), current: toRolloutStateDto(state) } },
        );
      }
      if (unmet.length && !caller.mayOverride)
        throw new AppError("forbidden", "Overriding a gate needs the admin permission.");
      if (unmet.length) await recordOverride(emit, plan, unmet, input.reason);

      const changes = await setFlagValues(tx, target, caller.actor.label);
      const noOp = noOpRefusal(plan, changes.length);
      if (noOp) throw new AppError("conflict", noOp, { extra: { current: toRolloutStateDto(state) } });
      if (changes.length === 0 && plan.to === state.currentPhase && (action === "emergency" || action === "reapply")) {
        return {
          action,
          changed: false,
          message:
            action === "emergency"
              ? `Already rolled back: phase ${plan.to} with the emergency flags off; nothing changed.`
              : `Phase ${plan.to} is already applied; no flag has drifted, nothing changed.`,
          from: plan.from,
          to: plan.to,
          changes,
          gates,
          overridden: [],
          state: toRolloutStateDto(state),
        };
      }
      const moved = await moveState(tx, state, plan);
      await emit(
        TRANSITION_EVENT[action],
        { from: plan.from, to: plan.to, version: moved.version },
        transitionAudit(plan, state.status, moved.status, changes, input.reason),
      );
      await openAlert(tx, emit, alertFor(plan, changes.length, caller.actor.label, input.reason));
      return {
        action,
        changed: true,
        message: messageFor(plan, changes.length),
        from: plan.from,
        to: plan.to,
        changes,
        gates,
        overridden: unmet.map((g) => g.name),
        state: toRolloutStateDto(moved),
      };
    },
    // Requests without a version (the emergency rollback) queue on the state row behind each other: give them
    // room on a busy pool instead of Prisma's 2 s / 5 s defaults, so they answer, never time out as a 500.
    { maxWaitMs: 15_000, timeoutMs: 15_000 },
  );
}

/**
 * A rollback at the first phase re-applies the first phase, as the plan does; when no flag differs there is nothing
 * to roll back, so it is refused (409) and says so. This is also what de-duplicates a double click there: the second
 * request finds nothing left to do, the one before it having put every flag back.
 */
function noOpRefusal(plan: TransitionPlan, changed: number): string | null {
  if (plan.action !== "rollback" || plan.from !== plan.to || changed > 0) return null;
  return `Already at phase ${plan.to} with its whole flag state; rolling back from the first phase re-applies it and no flag differs, so nothing changed.`;
}

function recordOverride(emit: Emit, plan: TransitionPlan, unmet: GateResult[], reason: string) {
  return emit(
    "rollout.gate_overridden",
    { phase: plan.to, gates: unmet.map((g) => g.name) },
    {
      target: { type: "rollout", id: `phase:${plan.to}` },
      before: {
        gates: unmet.map(({ name, status, reason: why, evidence }) => ({ name, status, reason: why, evidence })),
      },
      reason,
    },
  );
}

function moveState(tx: Transaction, state: RolloutState, plan: TransitionPlan) {
  return tx.rolloutState.update({
    where: { id: 1 },
    data: {
      currentPhase: plan.to,
      status: plan.status,
      frozenFrom: plan.frozenFrom,
      version: state.version + 1,
      updatedAt: now(),
      ...(plan.entersPhase ? { enteredAt: now(), entry: state.entry + 1 } : {}),
    },
  });
}

const phaseLabel = (phase: number | null) => (phase === null ? "not started" : `phase ${phase}`);

function messageFor(plan: TransitionPlan, changed: number): string {
  const flags = `${changed} flag${changed === 1 ? "" : "s"} changed`;
  switch (plan.action) {
    case "start":
      return `Started: phase ${plan.to} applied, ${flags}.`;
    case "advance":
      return `Advanced from phase ${plan.from} to phase ${plan.to}, ${flags}.`;
    case "rollback":
      return `Rolled back from ${phaseLabel(plan.from)} to phase ${plan.to}, ${flags}.`;
    case "emergency":
      return `Emergency rollback to phase ${plan.to}, ${flags}.`;
    case "reapply":
      return `Re-applied phase ${plan.to}, ${flags}.`;
  }
}

function alertFor(plan: TransitionPlan, changed: number, who: string, reason: string) {
  const detail = `${messageFor(plan, changed)} By ${who}: ${reason}`;
  if (plan.action === "emergency")
    return { kind: "rollback" as const, severity: "critical" as const, title: "Emergency rollback", detail };
  if (plan.action === "rollback")
    return {
      kind: "rollback" as const,
      severity: "warning" as const,
      title: `Rolled back to phase ${plan.to}`,
      detail,
    };
  return {
    kind: "transition" as const,
    severity: "info" as const,
    title: plan.action === "reapply" ? `Phase ${plan.to} re-applied` : `Phase ${plan.to} started`,
    detail,
  };
}

/** What a transition would do now, without doing it: the flags it would change from what to what, and the gates. */
export async function previewTransition(action: TransitionAction): Promise<TransitionPreviewDto> {
  const client = db();
  const state = await client.rolloutState.findUnique({ where: { id: 1 } });
  if (!state)
    throw new AppError("unavailable", "The rollout plan has not been loaded yet; restart Phasegate to load it.");
  const snapshot = await readPlanSnapshot(client);
  const base = { action, version: state.version, from: state.currentPhase };
  try {
    const { plan, target } = decide(state, snapshot, action);
    const changes = flagDifferences(snapshot.flags, target);
    const noOp = noOpRefusal(plan, changes.length);
    if (noOp) return { ...base, allowed: false, refusal: noOp, to: plan.to, changes: [], gates: [] };
    return {
      ...base,
      allowed: true,
      refusal: null,
      to: plan.to,
      changes,
      gates: await gatesFor(action === "advance" ? await advanceGates(now()) : [], plan, state, snapshot),
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...base, allowed: false, refusal: error.detail, to: null, changes: [], gates: [] };
  }
}

/**
 * The guard's rollback (lib/health/guard-service.ts), in the guard's transaction: back to the previous phase's whole
 * flag state like an operator's rollback, announced as rollout.auto_rollback with the evidence, then frozen
 * (rollout.frozen) until an operator acknowledges, with a critical alert. The caller decided it is due.
 */
export async function rollBackAutomatically(
  tx: Transaction,
  emit: Emit,
  input: { reason: string; evidence: Record<string, unknown> },
): Promise<{ from: number | null; to: number; version: number }> {
  const state = await lockRolloutState(tx);
  const snapshot = await readPlanSnapshot(tx);
  const { plan, target } = decide(state, snapshot, "rollback");
  const frozen: TransitionPlan = { ...plan, status: "frozen", frozenFrom: plan.frozenFrom ?? plan.status };
  const changes = await setFlagValues(tx, target, "guard");
  const moved = await moveState(tx, state, frozen);
  await emit(
    "rollout.auto_rollback",
    { from: plan.from, to: plan.to, version: moved.version },
    transitionAudit(plan, state.status, moved.status, changes, input.reason, { evidence: input.evidence }),
  );
  await recordFreeze(tx, emit, moved, {
    reason: `${input.reason} Rolled back from phase ${plan.from} to phase ${plan.to}; frozen until acknowledged.`,
    evidence: input.evidence,
  });
  await openAlert(tx, emit, {
    kind: "rollback",
    severity: "critical",
    title: `Automatic rollback to phase ${plan.to}`,
    detail: input.reason,
  });
  return { from: plan.from, to: plan.to, version: moved.version };
}

/** What the audit trail keeps of a transition: phase, status and every flag it changed, before and after. */
function transitionAudit(
  plan: { from: number | null; to: number },
  statusBefore: string,
  statusAfter: string,
  changes: readonly { key: string; before: unknown; after: unknown }[],
  reason: string | null | undefined,
  extraAfter: Record<string, unknown> = {},
) {
  return {
    target: { type: "rollout", id: `phase:${plan.to}` },
    before: {
      phase: plan.from,
      status: statusBefore,
      flags: Object.fromEntries(changes.map((c) => [c.key, c.before])),
    },
    after: {
      phase: plan.to,
      status: statusAfter,
      flags: Object.fromEntries(changes.map((c) => [c.key, c.after])),
      ...extraAfter,
    },
    reason,
  };
}
