// One guard evaluation: read the metrics, decide (guard-decision.ts), and record the evaluation compactly, all in one
// transaction with whatever it does: roll back through the rollout engine as actor "guard" (event
// rollout.auto_rollback with the evidence), freeze the rollout, open threshold and error-spike alerts. The leader
// (guard.ts) calls it every interval on one instance only.
import "server-only";
import { hostname } from "node:os";
import { openAlert } from "../alerts/service";
import type { AuditActor } from "../audit/record";
import { db, type Transaction } from "../db/client";
import { healthSettings } from "../env";
import { commitChange, type Emit } from "../events/change-service";
import { unfreezeInTransaction } from "../rollout/freeze-service";
import { rollBackAutomatically } from "../rollout/transition-service";
import { compactFindings, describeVerdict, regressionsOf, type CanaryFinding } from "../canary/findings";
import { toVerdictDto } from "../canary/serializers";
import { judgeCanaryNow } from "../canary/service";
import { decideGuard, type GuardDecision, type Violation } from "./guard-decision";
import type { MetricKey } from "./metrics";
import { errorSpikes } from "./metrics-store";
import type { MetricReading } from "./readings";
import { resolveRecoveredAlerts } from "./recovery-service";
import { listThresholds, readCurrentMetrics, toRules } from "./service";

export const GUARD_ACTOR: AuditActor = { type: "system", id: null, label: "guard" };
export const INSTANCE = `${hostname()}:${process.pid}`;
/** The plan's example: one error code reaching 10 within a minute opens an alert. */
export const ERROR_SPIKE_PER_MINUTE = 10;

export type GuardEvaluation = { at: string; verdict: string; action: string; reason: string | null };

export async function evaluateGuardOnce(now: Date): Promise<GuardEvaluation> {
  const settings = healthSettings();
  const thresholds = await listThresholds();
  const readings = await readCurrentMetrics(now, thresholds);
  const spikes = await errorSpikes(
    new Date(now.getTime() - 120_000),
    new Date(now.getTime() + 60_000),
    ERROR_SPIKE_PER_MINUTE,
  );
  const canary = await judgeCanaryNow(now);
  const regressions = regressionsOf(canary);
  return commitChange({ actor: GUARD_ACTOR, requestId: null }, async (tx, emit) => {
    await tx.$queryRaw`SELECT id FROM guard_state WHERE id = 1 FOR UPDATE`;
    const state = await tx.guardState.findUniqueOrThrow({ where: { id: 1 } });
    const rollout = await tx.rolloutState.findUnique({ where: { id: 1 } });
    const first = await tx.phase.findFirst({ orderBy: { number: "asc" }, select: { number: true } });
    const decision = decideGuard({
      now,
      readings,
      rules: toRules(thresholds),
      previousConsecutive: state.consecutive as Partial<Record<MetricKey, number>>,
      lastAutoRollbackAt: state.lastAutoRollbackAt,
      rollout: {
        currentPhase: rollout?.currentPhase ?? null,
        firstPhase: first?.number ?? 1,
        status: rollout?.status ?? "active",
      },
      config: settings,
      canaryRegressions: regressions.map((r) => describeVerdict(r.flag, r.verdict)),
    });
    let action: string = decision.action.kind === "held" ? `held:${decision.action.why}` : "none";
    let reason = decision.action.kind === "none" ? null : decision.action.reason;
    let consecutive = decision.consecutive;
    if (decision.action.kind === "roll_back") {
      const evidence = evidenceOf(decision, settings.consecutiveRequired, now, canary);
      const result = await rollBackAutomatically(tx, emit, { reason: decision.action.reason, evidence });
      action = "rolled_back";
      reason = `${decision.action.reason} Rolled back from phase ${result.from} to phase ${result.to}; frozen until acknowledged.`;
      consecutive = Object.fromEntries(Object.keys(consecutive).map((k) => [k, 0])) as typeof consecutive;
      // The freeze itself (since when, why, the evidence) was recorded by the rollout engine's freeze.
      await tx.guardState.update({ where: { id: 1 }, data: { lastAutoRollbackAt: now } });
    }
    await openThresholdAlerts(tx, emit, decision.sustained, now);
    await openSpikeAlerts(tx, emit, spikes, now);
    await openCanaryAlerts(tx, emit, regressions, now);
    await resolveRecoveredAlerts(tx, emit, decision.verdicts, now, settings.consecutiveRequired);
    await tx.guardState.update({ where: { id: 1 }, data: { consecutive, lastEvaluatedAt: now } });
    const verdict = decision.violations.length
      ? "violating"
      : regressions.length
        ? "canary_regressed"
        : Object.values(decision.verdicts).every((v) => v === "no_data" || v === "unwatched")
          ? "no_data"
          : "healthy";
    await tx.guardRun.create({
      data: {
        at: now,
        verdict,
        action,
        reason,
        readings: compact(readings, decision),
        canary: canary.length ? compactFindings(canary) : undefined,
        instance: INSTANCE,
      },
    });
    return { at: now.toISOString(), verdict, action, reason };
  });
}

/** {metric: [state, value, samples, consecutive]}: about 200 bytes per evaluation. */
function compact(readings: readonly MetricReading[], decision: GuardDecision) {
  return Object.fromEntries(
    readings.map((r) => [
      r.metric,
      [
        decision.verdicts[r.metric],
        r.state === "value" ? Math.round(r.value * 1000) / 1000 : null,
        r.samples,
        decision.consecutive[r.metric] ?? 0,
      ],
    ]),
  );
}

function evidenceOf(decision: GuardDecision, consecutiveRequired: number, now: Date, canary: CanaryFinding[]) {
  return {
    evaluatedAt: now.toISOString(),
    consecutiveRequired,
    violations: decision.sustained.map((v: Violation) => ({ ...v })),
    // The cohort comparison of every judged flag: each metric's verdict, effect with its interval, sample sizes.
    canary: canary.map((f) => ({
      flag: f.flag,
      percentage: f.percentage,
      since: f.since,
      overall: f.overall,
      verdicts: f.verdicts.map(toVerdictDto),
    })),
  };
}

async function openCanaryAlerts(tx: Transaction, emit: Emit, regressions: ReturnType<typeof regressionsOf>, now: Date) {
  for (const { flag, verdict } of regressions) {
    const title = `Canary regressed: ${flag} ${verdict.metric}`;
    const open = await tx.alert.findFirst({ where: { title, acknowledgedAt: null, resolvedAt: null } });
    if (open) continue;
    await emit(
      "canary.regressed",
      { flag, metric: verdict.metric },
      { target: { type: "flag", id: flag }, after: { verdict: toVerdictDto(verdict) }, reason: verdict.reason },
    );
    await openAlert(tx, emit, {
      kind: "canary",
      severity: "critical",
      title,
      detail: describeVerdict(flag, verdict),
      openedAt: now,
    });
  }
}

async function openThresholdAlerts(tx: Transaction, emit: Emit, sustained: readonly Violation[], now: Date) {
  for (const v of sustained) {
    const title = `Threshold violated: ${v.metric}`;
    // One unresolved alert per metric, acknowledged or not: it resolves when the metric recovers (recovery-service.ts).
    const open = await tx.alert.findFirst({ where: { title, resolvedAt: null } });
    if (open) continue;
    await openAlert(tx, emit, {
      kind: "threshold",
      severity: "critical",
      title,
      detail: `${v.metric} is ${v.value.toFixed(2)} (${v.comparison} ${v.threshold}) over ${v.windowSeconds}s from ${v.samples} samples, ${v.consecutive} evaluations in a row.`,
      openedAt: now,
    });
  }
}

async function openSpikeAlerts(
  tx: Transaction,
  emit: Emit,
  spikes: readonly { minute: Date; category: string; code: string; count: number }[],
  now: Date,
) {
  for (const s of spikes) {
    const title = `Error spike: ${s.code} at ${s.minute.toISOString().slice(11, 16)} UTC`;
    if (await tx.alert.findFirst({ where: { title, openedAt: { gte: new Date(now.getTime() - 86_400_000) } } }))
      continue;
    await openAlert(tx, emit, {
      kind: "error_spike",
      severity: "warning",
      title,
      detail: `${s.count} ${s.category}/${s.code} errors within the minute from ${s.minute.toISOString()} (alert at ${ERROR_SPIKE_PER_MINUTE}).`,
      openedAt: now,
    });
  }
}

/** An operator acknowledges the automatic rollback: the freeze ends (advance is possible again); the cooldown stays. */
export async function acknowledgeFreeze(reason: string, actor: AuditActor, requestId: string) {
  return commitChange({ actor, requestId }, async (tx, emit) => {
    // The same unfreeze as the rollout's own (lib/rollout/freeze-service.ts): one freeze state.
    const { state, lastAutoRollbackAt } = await unfreezeInTransaction(tx, emit, reason);
    return {
      status: state.status,
      version: state.version,
      cooldownFrom: lastAutoRollbackAt?.toISOString() ?? null,
    };
  });
}

export async function listGuardRuns(limit: number) {
  const rows = await db().guardRun.findMany({ orderBy: { at: "desc" }, take: limit });
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    verdict: r.verdict,
    action: r.action,
    reason: r.reason,
    instance: r.instance,
    readings: r.readings,
    canary: r.canary,
  }));
}
