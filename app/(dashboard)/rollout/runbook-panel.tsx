"use client";

import { Panel } from "@/components/panel";
import { usePermission } from "@/components/use-permission";
import { useTickRunbookItem } from "@/lib/rollout/mutations";
import { formatMinutes } from "@/lib/format";
import type { RunbookItemDto } from "@/lib/rollout/serializers";

const SECTIONS = [
  ["pre_deployment", "Before"],
  ["checks", "While monitoring"],
  ["post_deployment", "After"],
] as const;

/** The current phase's runbook; ticks are audited and belong to this entry into the phase. */
export function RunbookPanel({ items, phase }: { items: RunbookItemDto[]; phase: number | null }) {
  const mayOperate = usePermission("operate");
  const tick = useTickRunbookItem();
  if (phase === null) return null;
  return (
    <Panel title={`Runbook for phase ${phase}`}>
      {items.length === 0 ? (
        <p className="text-muted text-sm">This phase has no runbook items.</p>
      ) : (
        <div className="space-y-3" data-testid="runbook">
          {SECTIONS.map(([section, label]) => {
            const list = items.filter((i) => i.section === section);
            if (list.length === 0) return null;
            return (
              <div key={section}>
                <h3 className="text-muted mb-1 text-xs font-medium">{label}</h3>
                <ul className="space-y-1 text-sm">
                  {list.map((item) => (
                    <li key={item.id}>
                      <label className="flex items-start gap-2">
                        <input
                          type="checkbox"
                          checked={item.ticked}
                          disabled={!mayOperate || tick.isPending}
                          onChange={(e) => tick.mutate({ id: item.id, ticked: e.target.checked })}
                        />
                        <span>
                          {item.text}
                          {item.durationMinutes !== null ? (
                            <span className="text-muted"> · for {formatMinutes(item.durationMinutes)}</span>
                          ) : null}
                          {item.ticked && item.tickedBy ? (
                            <span className="text-muted text-xs"> · {item.tickedBy}</span>
                          ) : null}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      )}
    </Panel>
  );
}
