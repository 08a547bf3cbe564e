"use client";

import { useState } from "react";
import { FlagDiff } from "@/components/flag-diff";
import { Button } from "@/components/form-controls";
import { GateList } from "@/components/gate-list";
import { Panel } from "@/components/panel";
import { TransitionConfirm } from "@/components/transition-confirm";
import { usePermission } from "@/components/use-permission";
import { formatMinutes } from "@/lib/format";
import type { RolloutOverviewDto } from "@/lib/rollout/serializers";
import type { TransitionAction } from "@/lib/rollout/transitions";
import { FreezeControl } from "./freeze-control";

/** Where the rollout stands (phase, time in phase against monitor-for, gates, drift) and what an operator can do. */
export function RolloutControls({ overview }: { overview: RolloutOverviewDto }) {
  const mayOperate = usePermission("operate");
  const [action, setAction] = useState<TransitionAction | null>(null);
  const { state, phases, gates, drift } = overview;
  const current = phases.find((p) => p.number === state.currentPhase);
  const last = phases[phases.length - 1];
  const minutesIn = state.enteredAt
    ? Math.floor((Date.parse(overview.serverNow) - Date.parse(state.enteredAt)) / 60_000)
    : null;
  const buttons: { action: TransitionAction; label: string; show: boolean }[] = [
    { action: "start", label: "Start phase 1", show: state.currentPhase === null },
    { action: "advance", label: "Advance", show: Boolean(current && last && current.number < last.number) },
    { action: "rollback", label: "Roll back", show: state.currentPhase !== null },
    { action: "reapply", label: "Re-apply phase", show: state.currentPhase !== null },
  ];
  return (
    <Panel title={current ? `Phase ${current.number}: ${current.name}` : "The rollout has not started"}>
      <div className="space-y-3" data-testid="rollout-current">
        {current ? (
          <p className="text-sm" data-testid="time-in-phase">
            {state.status.replace("_", " ")} · in phase for {formatMinutes(Math.max(0, minutesIn ?? 0))}
            {current.monitorForMinutes !== null ? ` of ${formatMinutes(current.monitorForMinutes)} monitor-for` : ""}
          </p>
        ) : (
          <p className="text-muted text-sm" data-testid="rollout-not-started">
            Every flag is at its default (off). Starting applies phase 1; each later phase adds to the state before it.
          </p>
        )}
        <GateList gates={gates} />
        {drift.length > 0 ? (
          <div className="space-y-2" data-testid="drift">
            <p className="text-warn text-sm">
              {drift.length} flag{drift.length === 1 ? " differs" : "s differ"} from phase {state.currentPhase}&apos;s
              state (changed by hand, or the plan was edited). Re-apply the phase to put them back.
            </p>
            <FlagDiff changes={drift.map((d) => ({ key: d.key, before: d.actual, after: d.expected }))} />
          </div>
        ) : null}
        {mayOperate ? (
          <div className="flex flex-wrap gap-2">
            {buttons
              .filter((b) => b.show)
              .map((b) => (
                <Button
                  key={b.action}
                  tone={b.action === "rollback" ? "danger" : b.action === "reapply" ? "default" : "primary"}
                  onClick={() => setAction(b.action)}
                  aria-pressed={action === b.action}
                >
                  {b.label}
                </Button>
              ))}
            <FreezeControl state={state} />
          </div>
        ) : null}
        {action ? <TransitionConfirm key={action} action={action} onClose={() => setAction(null)} /> : null}
      </div>
    </Panel>
  );
}
