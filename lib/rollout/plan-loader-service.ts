// Loads the rollout plan (plan.ts) into an empty database on first start. Idempotent and never overwrites an
// operator's later edits: it runs once per database (recorded in meta), inserts only missing rows, and takes an
// advisory lock so two instances starting together cannot both load it. Used by the start script and tests.
import { SYSTEM_ACTOR } from "../audit/record";
import type { PrismaClient, Transaction } from "../db/client";
import { commitChange } from "../events/change-service";
import { fromWire, toColumns } from "../flags/value";
import { PLAN_FLAGS, PLAN_PHASES, PLAN_READINESS_CHECKS, PLAN_RUNBOOK, PLAN_THRESHOLDS } from "./plan";
import { METRICS, type MetricKey } from "../health/metrics";

const LOADED_KEY = "plan_loaded_at";
/** The runbook came after the first plan load: databases loaded before it get the plan's runbook once. */
const RUNBOOK_KEY = "runbook_loaded_at";
const PLAN_LOCK = 0x50_47_50_4c; // "PGPL"

export type PlanLoadResult = { loaded: boolean; loadedAt: Date };

export async function loadPlanIfEmpty(prisma: PrismaClient): Promise<PlanLoadResult> {
  return commitChange(
    { actor: SYSTEM_ACTOR },
    async (tx, emit) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PLAN_LOCK})`;
      const marker = await tx.meta.findUnique({ where: { key: LOADED_KEY } });
      if (marker) {
        await loadRunbookOnce(tx);
        return { loaded: false, loadedAt: new Date(marker.value) };
      }

      const now = new Date();
      await tx.flag.createMany({
        data: PLAN_FLAGS.map((f) => ({ key: f.key, description: f.description, kind: "off", updatedBy: "system" })),
        skipDuplicates: true,
      });
      await tx.phase.createMany({
        data: PLAN_PHASES.map(({ flags: _flags, ...phase }) => phase),
        skipDuplicates: true,
      });
      await tx.phaseFlagSetting.createMany({
        data: PLAN_PHASES.flatMap((phase) =>
          Object.entries(phase.flags).map(([flagKey, value]) => ({
            phaseNumber: phase.number,
            flagKey,
            ...toColumns(fromWire(value)),
          })),
        ),
        skipDuplicates: true,
      });
      await tx.rolloutState.createMany({
        data: [{ id: 1, currentPhase: null, status: "active" }],
        skipDuplicates: true,
      });
      await tx.threshold.createMany({
        data: PLAN_THRESHOLDS.map((t) => ({ ...t, minSamples: METRICS[t.metric as MetricKey].defaultMinSamples })),
        skipDuplicates: true,
      });
      await tx.readinessCheck.createMany({
        data: PLAN_READINESS_CHECKS.map((check, position) => ({ ...check, position })),
        skipDuplicates: true,
      });
      await loadRunbookOnce(tx);
      await tx.meta.create({ data: { key: LOADED_KEY, value: now.toISOString() } });
      await emit(
        "plan.loaded",
        { phases: PLAN_PHASES.length },
        {
          target: { type: "plan", id: "otp-refactor-05" },
          after: {
            flags: PLAN_FLAGS.length,
            phases: PLAN_PHASES.length,
            thresholds: PLAN_THRESHOLDS.length,
            readinessChecks: PLAN_READINESS_CHECKS.length,
          },
          reason: "First start: rollout plan loaded from OTP Refactor Plan, Document 05",
        },
      );
      return { loaded: true, loadedAt: now };
    },
    { client: prisma },
  );
}

async function loadRunbookOnce(tx: Transaction) {
  if (await tx.meta.findUnique({ where: { key: RUNBOOK_KEY } })) return;
  const phases = new Set((await tx.phase.findMany({ select: { number: true } })).map((p) => p.number));
  await tx.runbookItem.createMany({
    data: PLAN_RUNBOOK.filter((item) => phases.has(item.phase)).map((item, position) => ({
      phaseNumber: item.phase,
      section: item.section,
      text: item.text,
      position,
    })),
  });
  await tx.meta.create({ data: { key: RUNBOOK_KEY, value: new Date().toISOString() } });
}
