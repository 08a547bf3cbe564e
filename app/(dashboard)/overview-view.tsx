"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { FlagValueBadge } from "@/components/flag-value";
import { MetricTiles } from "@/components/metric-tiles";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { flagListQuery } from "@/lib/flags/queries";
import { healthNowQuery } from "@/lib/health/queries";
import { rolloutOverviewQuery } from "@/lib/rollout/queries";

export function OverviewView() {
  const rollout = useQuery(rolloutOverviewQuery());
  const flags = useQuery(flagListQuery());
  const health = useQuery(healthNowQuery());
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Panel title="Rollout" className="lg:col-span-2">
        <QueryState query={rollout} label="the rollout">
          {({ state, phases }) => (
            <div>
              <ol className="grid grid-cols-5 gap-2" aria-label="Phases">
                {phases.map((phase) => {
                  const done = state.currentPhase !== null && phase.number < state.currentPhase;
                  const current = phase.number === state.currentPhase;
                  return (
                    <li
                      key={phase.number}
                      aria-current={current ? "step" : undefined}
                      className={`rounded-md border px-3 py-2 text-xs ${
                        current ? "border-accent bg-accent/10" : done ? "border-ok/40 bg-ok/10" : "border-line"
                      }`}
                    >
                      <div className="text-muted">Phase {phase.number}</div>
                      <div className="mt-0.5 font-medium">{phase.name}</div>
                    </li>
                  );
                })}
              </ol>
              <p className="text-muted mt-3 text-sm">
                {state.currentPhase === null ? (
                  <>The rollout has not started: every flag is at its default (off). </>
                ) : (
                  <>Phase {state.currentPhase} is applied. </>
                )}
                <Link className="text-accent underline-offset-2 hover:underline" href="/rollout">
                  See the plan
                </Link>
              </p>
            </div>
          )}
        </QueryState>
      </Panel>
      <Panel title="Flags">
        <QueryState query={flags} label="flags">
          {(list) => (
            <ul className="space-y-1.5 text-sm">
              {list.map((flag) => (
                <li key={flag.key} className="flex items-center justify-between gap-2">
                  <span className="truncate font-mono text-xs">{flag.key}</span>
                  <FlagValueBadge value={flag.value} />
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </Panel>
      <div className="lg:col-span-3">
        <QueryState query={health} label="the metrics">
          {(data) => (
            <>
              {data.tiles.every((t) => t.reading.state === "no_data" && t.reading.newestSampleAt === null) ? (
                <EmptyState title="No health reports yet">
                  <p>
                    The metrics below fill in once the monitored services send interval reports (POST /api/v1/ingest
                    with an ingest token). Missing data reads &ldquo;no data&rdquo;, never zero, and never triggers a
                    rollback.
                  </p>
                </EmptyState>
              ) : null}
              <MetricTiles tiles={data.tiles} required={data.guard.consecutiveRequired} />
            </>
          )}
        </QueryState>
      </div>
    </div>
  );
}
