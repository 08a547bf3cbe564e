"use client";

import { useQuery } from "@tanstack/react-query";
import { Panel } from "@/components/panel";
import { formatDateTime } from "@/lib/format";
import { rolloutTimelineQuery } from "@/lib/rollout/queries";
import type { TimelineEntryDto } from "@/lib/rollout/serializers";

function describe(entry: TimelineEntryDto): string {
  const after = (entry.after ?? {}) as { phase?: number | null; kind?: string; title?: string };
  const before = (entry.before ?? {}) as { phase?: number | null; gates?: { name: string }[] };
  switch (entry.action) {
    case "phase.advanced":
      return before.phase == null ? `Started phase ${after.phase}` : `Advanced ${before.phase} → ${after.phase}`;
    case "phase.rolled_back":
      return `Rolled back ${before.phase} → ${after.phase}`;
    case "phase.reapplied":
      return `Re-applied phase ${after.phase}`;
    case "rollout.emergency_rollback":
      return `Emergency rollback ${before.phase ?? "not started"} → ${after.phase}`;
    case "rollout.auto_rollback":
      return `Automatic rollback ${before.phase} → ${after.phase}`;
    case "rollout.gate_overridden":
      return `Gates overridden: ${(before.gates ?? []).map((g) => g.name).join(", ")}`;
    case "rollout.frozen":
      return "Frozen: advancing refused";
    case "rollout.unfrozen":
      return "Unfrozen";
    case "alert.opened":
      return `Alert: ${after.title ?? ""}`;
    default:
      return entry.action;
  }
}

/** Transitions, overrides, rollbacks and alerts, with who, when and why. */
export function TimelinePanel() {
  const timeline = useQuery(rolloutTimelineQuery());
  const entries = timeline.data ?? [];
  return (
    <Panel title="Timeline">
      {entries.length === 0 ? (
        <p className="text-muted text-sm">Nothing has happened yet.</p>
      ) : (
        <ol className="space-y-1.5 text-sm" data-testid="timeline">
          {entries.map((entry) => (
            <li key={entry.id} data-testid="timeline-entry" data-action={entry.action}>
              <span className="text-muted text-xs">{formatDateTime(entry.at)}</span> {describe(entry)}{" "}
              <span className="text-muted">
                by {entry.actor}
                {entry.reason ? `: ${entry.reason}` : ""}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
