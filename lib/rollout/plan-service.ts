// Plan editing (admins): a phase's name, durations, validation text, checks, flag settings and runbook items, and
// the emergency rollback's forced-off list. Audited as plan.changed; editing never applies flags: if the current
// phase's effective state changes, the Rollout page shows the drift and "re-apply phase" applies it.
import "server-only";
import type { AuditActor } from "../audit/record";
import type { Transaction } from "../db/client";
import { commitChange } from "../events/change-service";
import { fromColumns, fromWire, toColumns, toWire } from "../flags/value";
import { AppError, type InvalidParam } from "../http/errors";
import type { PhaseEdit } from "./schemas";

async function checkFlagsExist(tx: Transaction, keys: string[], field: (key: string) => string) {
  if (keys.length === 0) return;
  const found = new Set(
    (await tx.flag.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((f) => f.key),
  );
  const missing: InvalidParam[] = keys
    .filter((k) => !found.has(k))
    .map((k) => ({ name: field(k), reason: `no flag "${k}"` }));
  if (missing.length)
    throw new AppError("validation_failed", missing.map((m) => `${m.name}: ${m.reason}`).join("; "), {
      invalidParams: missing,
    });
}

export async function editPhase(number: number, edit: PhaseEdit, actor: AuditActor, requestId: string) {
  return commitChange({ actor, requestId }, async (tx, emit) => {
    await tx.$queryRaw`SELECT number FROM phases WHERE number = ${number} FOR UPDATE`;
    const phase = await tx.phase.findUnique({ where: { number }, include: { flagSettings: true, runbookItems: true } });
    if (!phase) throw new AppError("not_found", `No phase ${number}.`);
    const { reason, settings, runbook, ...fields } = edit;
    if (settings) await checkFlagsExist(tx, Object.keys(settings), (k) => `body.settings.${k}`);
    const view = (p: typeof phase) => ({
      name: p.name,
      plannedDurationMinutes: p.plannedDurationMinutes,
      monitorForMinutes: p.monitorForMinutes,
      validation: p.validation,
      checks: p.checks,
      settings: Object.fromEntries(p.flagSettings.map((s) => [s.flagKey, toWire(fromColumns(s.kind, s.percentage))])),
      runbook: [...p.runbookItems]
        .sort((a, b) => a.position - b.position)
        .map((i) => ({ section: i.section, text: i.text, durationMinutes: i.durationMinutes })),
    });
    await tx.phase.update({ where: { number }, data: fields });
    for (const [flagKey, value] of Object.entries(settings ?? {})) {
      if (value === null) await tx.phaseFlagSetting.deleteMany({ where: { phaseNumber: number, flagKey } });
      else {
        const columns = toColumns(fromWire(value));
        await tx.phaseFlagSetting.upsert({
          where: { phaseNumber_flagKey: { phaseNumber: number, flagKey } },
          create: { phaseNumber: number, flagKey, ...columns },
          update: columns,
        });
      }
    }
    if (runbook) {
      await tx.runbookItem.deleteMany({ where: { phaseNumber: number } });
      await tx.runbookItem.createMany({
        data: runbook.map((item, position) => ({
          phaseNumber: number,
          section: item.section,
          text: item.text,
          durationMinutes: item.durationMinutes ?? null,
          position,
        })),
      });
    }
    const after = await tx.phase.findUniqueOrThrow({
      where: { number },
      include: { flagSettings: true, runbookItems: true },
    });
    await emit(
      "plan.changed",
      { phase: number },
      { target: { type: "phase", id: String(number) }, before: view(phase), after: view(after), reason },
    );
    return view(after);
  });
}

export async function setEmergencyForcedOff(flags: string[], reason: string, actor: AuditActor, requestId: string) {
  return commitChange({ actor, requestId }, async (tx, emit) => {
    await checkFlagsExist(tx, flags, (k) => `body.flags (${k})`);
    await tx.$queryRaw`SELECT id FROM rollout_state WHERE id = 1 FOR UPDATE`;
    const state = await tx.rolloutState.findUnique({ where: { id: 1 } });
    if (!state) throw new AppError("unavailable", "The rollout plan has not been loaded yet.");
    const unique = [...new Set(flags)].sort();
    await tx.rolloutState.update({ where: { id: 1 }, data: { emergencyForcedOff: unique } });
    await emit(
      "rollout.emergency_list_changed",
      { flags: unique },
      {
        target: { type: "rollout", id: "emergency" },
        before: { flags: state.emergencyForcedOff },
        after: { flags: unique },
        reason,
      },
    );
    return { flags: unique };
  });
}
