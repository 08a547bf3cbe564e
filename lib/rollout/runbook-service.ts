// The deployment runbook as a checklist: the current phase's items with the ticks of the current entry into it.
// A tick belongs to one entry (rollout_state.entry), so re-entering a phase after a rollback starts unticked.
import "server-only";
import type { AuditActor } from "../audit/record";
import type { PrismaClient } from "../db/client";
import type { RolloutState } from "../db/generated/client";
import { commitChange } from "../events/change-service";
import { AppError } from "../http/errors";
import type { RunbookItemDto } from "./serializers";

const SECTION_ORDER = { pre_deployment: 0, checks: 1, post_deployment: 2 } as const;

export async function readRunbook(
  client: Pick<PrismaClient, "runbookItem">,
  state: RolloutState,
): Promise<RunbookItemDto[]> {
  if (state.currentPhase === null) return [];
  const items = await client.runbookItem.findMany({
    where: { phaseNumber: state.currentPhase },
    include: { ticks: { where: { entry: state.entry } } },
  });
  return items
    .sort((a, b) => SECTION_ORDER[a.section] - SECTION_ORDER[b.section] || a.position - b.position)
    .map((item) => {
      const tick = item.ticks[0];
      return {
        id: item.id,
        section: item.section,
        text: item.text,
        durationMinutes: item.durationMinutes,
        ticked: tick?.ticked ?? false,
        tickedBy: tick?.tickedBy ?? null,
        tickedAt: tick?.tickedAt.toISOString() ?? null,
      };
    });
}

/** Ticks or unticks an item of the current phase, for the current entry into it; audited as runbook.ticked. */
export async function tickRunbookItem(
  itemId: number,
  input: { ticked: boolean; reason?: string },
  actor: AuditActor,
  requestId: string,
): Promise<{ id: number; ticked: boolean }> {
  return commitChange({ actor, requestId }, async (tx, emit) => {
    const state = await tx.rolloutState.findUnique({ where: { id: 1 } });
    const item = await tx.runbookItem.findUnique({ where: { id: itemId } });
    if (!item) throw new AppError("not_found", `No runbook item ${itemId}.`);
    if (!state || state.currentPhase !== item.phaseNumber)
      throw new AppError(
        "conflict",
        `That item belongs to phase ${item.phaseNumber}; runbook items can be ticked only for the current phase.`,
      );
    const key = { entry_itemId: { entry: state.entry, itemId } };
    const before = await tx.runbookTick.findUnique({ where: key });
    if ((before?.ticked ?? false) === input.ticked) return { id: itemId, ticked: input.ticked };
    await tx.runbookTick.upsert({
      where: key,
      create: { entry: state.entry, itemId, ticked: input.ticked, tickedBy: actor.label },
      update: { ticked: input.ticked, tickedBy: actor.label, tickedAt: new Date() },
    });
    await emit(
      "runbook.ticked",
      { phase: item.phaseNumber, item: item.text, ticked: input.ticked },
      {
        target: { type: "runbook_item", id: String(itemId) },
        before: { ticked: before?.ticked ?? false, entry: state.entry },
        after: { ticked: input.ticked, entry: state.entry },
        reason: input.reason ?? null,
      },
    );
    return { id: itemId, ticked: input.ticked };
  });
}
