import { describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "../db/client";
import { applyMigrations } from "../db/migrate";
import { createDatabase } from "../db/testing/test-database";
import { loadPlanIfEmpty } from "./plan-loader-service";

async function freshDatabase(label: string) {
  const url = await createDatabase(inject("testAdminUrl"), `${inject("testRunPrefix")}_${label}_${process.pid}`);
  await applyMigrations(url);
  return createPrismaClient(url);
}

describe("loading the rollout plan on first start", () => {
  it("loads the plan's flags (off), phases, thresholds and readiness checklist", async () => {
    const prisma = await freshDatabase("plan");
    try {
      expect((await loadPlanIfEmpty(prisma)).loaded).toBe(true);
      const flags = await prisma.flag.findMany({ orderBy: { key: "asc" } });
      expect(flags.map((f) => [f.key, f.kind])).toEqual([
        ["enforce_supervised_tasks", "off"],
        ["use_new_error_handling", "off"],
        ["use_persistent_agents", "off"],
        ["use_reliable_messaging", "off"],
        ["use_sync_test_apis", "off"],
        ["use_v2_coordinator", "off"],
      ]);
      const phases = await prisma.phase.findMany({ orderBy: { number: "asc" }, include: { flagSettings: true } });
      expect(phases.map((p) => p.name)).toEqual([
        "Development",
        "Staging - Basic",
        "Staging - State Persistence",
        "Production Canary",
        "Production Rollout",
      ]);
      expect(phases.map((p) => p.plannedDurationMinutes / 1440)).toEqual([2, 3, 3, 2, 3]);
      expect(phases.map((p) => p.monitorForMinutes)).toEqual([30, 120, 1440, 1440, null]);
      expect(phases[3]!.flagSettings).toEqual([
        { phaseNumber: 4, flagKey: "use_v2_coordinator", kind: "percentage", percentage: 10 },
      ]);
      const thresholds = await prisma.threshold.findMany({ orderBy: { metric: "asc" } });
      expect(thresholds.map((t) => [t.metric, t.comparison, t.value])).toEqual([
        ["error_rate", "above", 5],
        ["message_delivery_success", "below", 95],
        ["restart_frequency", "above", 10],
        ["state_recovery_success", "below", 99],
      ]);
      const checks = await prisma.readinessCheck.findMany();
      expect(checks).toHaveLength(17);
      expect(new Set(checks.map((c) => c.category)).size).toBe(5);
      expect(await prisma.rolloutState.findUnique({ where: { id: 1 } })).toMatchObject({
        currentPhase: null,
        status: "active",
      });
      const audit = await prisma.auditEvent.findMany();
      expect(audit.map((a) => a.action)).toEqual(["plan.loaded"]);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("runs once: never re-creates what an operator deleted nor overwrites what they edited", async () => {
    const prisma = await freshDatabase("plan_again");
    try {
      await loadPlanIfEmpty(prisma);
      await prisma.flag.update({ where: { key: "use_v2_coordinator" }, data: { description: "edited" } });
      await prisma.threshold.update({ where: { metric: "error_rate" }, data: { value: 2 } });
      await prisma.phaseFlagSetting.deleteMany({ where: { flagKey: "use_reliable_messaging" } });
      await prisma.flag.delete({ where: { key: "use_reliable_messaging" } });

      expect((await loadPlanIfEmpty(prisma)).loaded).toBe(false);
      expect((await prisma.flag.findUnique({ where: { key: "use_v2_coordinator" } }))?.description).toBe("edited");
      expect((await prisma.threshold.findUnique({ where: { metric: "error_rate" } }))?.value).toBe(2);
      expect(await prisma.flag.findUnique({ where: { key: "use_reliable_messaging" } })).toBeNull();
      expect(await prisma.auditEvent.count({ where: { action: "plan.loaded" } })).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("gives a database loaded before the runbook existed the plan's runbook, once", async () => {
    const prisma = await freshDatabase("plan_runbook");
    try {
      await loadPlanIfEmpty(prisma);
      const items = await prisma.runbookItem.count();
      expect(await prisma.runbookItem.count({ where: { phaseNumber: 1, section: "pre_deployment" } })).toBe(4);
      expect(await prisma.runbookItem.count({ where: { phaseNumber: 5, section: "post_deployment" } })).toBe(5);
      // As an installation from before the runbook: no items, no marker.
      await prisma.runbookItem.deleteMany();
      await prisma.meta.delete({ where: { key: "runbook_loaded_at" } });
      await loadPlanIfEmpty(prisma);
      expect(await prisma.runbookItem.count()).toBe(items);
      await prisma.runbookItem.deleteMany({ where: { phaseNumber: 1 } });
      await loadPlanIfEmpty(prisma);
      expect(await prisma.runbookItem.count({ where: { phaseNumber: 1 } })).toBe(0); // an admin's deletion stands
    } finally {
      await prisma.$disconnect();
    }
  });

  it("loads exactly once when two instances start together", async () => {
    const a = await freshDatabase("plan_race");
    const b = createPrismaClient(
      process.env.DATABASE_URL!.replace(/\/[^/]+$/, `/${inject("testRunPrefix")}_plan_race_${process.pid}`),
    );
    try {
      const results = await Promise.all([loadPlanIfEmpty(a), loadPlanIfEmpty(b)]);
      expect(results.filter((r) => r.loaded)).toHaveLength(1);
      expect(await a.flag.count()).toBe(6);
    } finally {
      await Promise.all([a.$disconnect(), b.$disconnect()]);
    }
  });
});
