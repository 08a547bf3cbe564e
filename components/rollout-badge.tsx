"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { rolloutOverviewQuery } from "@/lib/rollout/queries";

/** Always-visible answer to "where are we?": the current phase and rollout status. */
export function RolloutBadge() {
  const { data } = useQuery(rolloutOverviewQuery());
  if (!data) return null;
  const phase = data.phases.find((p) => p.number === data.state.currentPhase);
  const status = data.state.status;
  return (
    <Link
      href="/rollout"
      className="border-line hover:bg-panel-2 flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm"
      data-testid="rollout-badge"
    >
      <span
        className={`size-2 rounded-full ${!phase ? "bg-muted" : status === "active" ? "bg-ok" : status === "frozen" ? "bg-warn" : "bg-bad"}`}
      />
      {phase ? (
        <span>
          Phase {phase.number} of {data.phases.length}: {phase.name}
        </span>
      ) : (
        <span className="text-muted">Rollout not started</span>
      )}
    </Link>
  );
}
