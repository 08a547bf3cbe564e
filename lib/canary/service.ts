// Canary analysis with the database: which flags are under a percentage rollout and since when, their cohort totals
// from the rollups, the judge's findings (for the guard, the health gate and the pages), and the admins' policies
// (audited through the write path).
import "server-only";
import type { AuditActor } from "../audit/record";
import { now as clockNow } from "../clock";
import { db } from "../db/client";
import { commitChange } from "../events/change-service";
import { cohortMinutes, cohortTotals, cohortTotalsOf } from "./cohort-store";
import { emptyTotals } from "./totals";
import { cumulativeSeries, findingFor, type CanaryFinding } from "./findings";
import { DEFAULT_CANARY_POLICIES } from "./judge";
import type { CanaryPolicyUpdate } from "./schemas";
import { toCanaryOverviewDto, type CanaryOverviewDto } from "./serializers";
import type { CanaryMetric, CanaryPolicy, CohortTotals } from "./types";

export async function listCanaryPolicies(): Promise<CanaryPolicy[]> {
  const rows = await db().canaryPolicy.findMany();
  return DEFAULT_CANARY_POLICIES.map((d) => {
    const row = rows.find((r) => r.metric === d.metric);
    if (!row) return d;
    const policy: CanaryPolicy = {
      metric: d.metric,
      enabled: row.enabled,
      maxDegradation: row.maxDegradation,
      alpha: row.alpha,
      minSamples: row.minSamples,
    };
    if (row.negligibleRate !== null) policy.negligibleRate = row.negligibleRate;
    return policy;
  });
}

/** An admin sets a metric's canary policy; audited (canary.policy_changed) with the before, after and reason. */
export async function updateCanaryPolicy(
  metric: CanaryMetric,
  input: CanaryPolicyUpdate,
  actor: AuditActor,
  requestId: string,
): Promise<CanaryPolicy> {
  const before = (await listCanaryPolicies()).find((p) => p.metric === metric)!;
  return commitChange({ actor, requestId }, async (tx, emit) => {
    const data = {
      enabled: input.enabled,
      maxDegradation: input.maxDegradation,
      alpha: input.alpha,
      minSamples: input.minSamples,
      negligibleRate: input.negligibleRate ?? null,
      updatedAt: new Date(),
    };
    await tx.canaryPolicy.upsert({ where: { metric }, create: { metric, ...data }, update: data });
    const after: CanaryPolicy = { metric, ...data, negligibleRate: data.negligibleRate ?? undefined };
    const shape = (p: CanaryPolicy) => ({
      enabled: p.enabled,
      maxDegradation: p.maxDegradation,
      alpha: p.alpha,
      minSamples: p.minSamples,
      negligibleRate: p.negligibleRate ?? null,
    });
    await emit(
      "canary.policy_changed",
      { metric },
      {
        target: { type: "canary_policy", id: metric },
        before: shape(before),
        after: shape(after),
        reason: input.reason,
      },
    );
    return after;
  });
}

export type PercentageFlag = { key: string; percentage: number; since: Date };

/**
 * Flags whose ids are split now (0 < percentage < 100), each with the start of its current split: when the rollout
 * entered its phase or the flag last changed, whichever is later (counting earlier traffic would mix percentages).
 */
export async function percentageFlags(): Promise<PercentageFlag[]> {
  const [flags, rollout] = await Promise.all([
    db().flag.findMany({ where: { kind: "percentage" }, orderBy: { key: "asc" } }),
    db().rolloutState.findUnique({ where: { id: 1 } }),
  ]);
  const entered = rollout?.enteredAt?.getTime() ?? 0;
  return flags
    .filter((f) => f.percentage !== null && f.percentage > 0 && f.percentage < 100)
    .map((f) => ({
      key: f.key,
      percentage: f.percentage!,
      since: new Date(Math.max(entered, f.updatedAt.getTime())),
    }));
}

/** The judge on every flag under a percentage rollout, on the totals of its current split up to `at`. */
export async function judgeCanaryNow(at: Date): Promise<CanaryFinding[]> {
  const [flags, policies] = await Promise.all([percentageFlags(), listCanaryPolicies()]);
  return Promise.all(flags.map(async (f) => findingFor(f, await cohortTotals(f.key, f.since, at), policies)));
}

/** GET /api/v1/canary: per flag the verdicts now, the series for the chart and each metric's time to decision. */
export async function getCanaryOverview(): Promise<CanaryOverviewDto> {
  const at = clockNow();
  const [flags, policies] = await Promise.all([percentageFlags(), listCanaryPolicies()]);
  const perFlag = await Promise.all(
    flags.map(async (f) => {
      const rows = await cohortMinutes(f.key, f.since, at);
      const byMinute = new Map<number, { at: Date; canary: CohortTotals; control: CohortTotals }>();
      for (const r of rows) {
        const t = new Date(r.minute).getTime();
        const entry = byMinute.get(t) ?? { at: new Date(t), canary: emptyTotals(), control: emptyTotals() };
        entry[r.variant === "on" ? "canary" : "control"] = cohortTotalsOf(r);
        byMinute.set(t, entry);
      }
      const minutes = [...byMinute.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
      const finding = findingFor(f, await cohortTotals(f.key, f.since, at), policies);
      const { points, decidedAt } = cumulativeSeries(minutes, policies, f.since);
      return { finding, series: points, decidedAt };
    }),
  );
  return toCanaryOverviewDto({ now: at, policies, flags: perFlag });
}
