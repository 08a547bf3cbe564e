"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/form-controls";
import { usePermission } from "@/components/use-permission";
import { FlagValueBadge } from "@/components/flag-value";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { formatMinutes } from "@/lib/format";
import { rolloutOverviewQuery } from "@/lib/rollout/queries";
import { AlertsPanel } from "./alerts-panel";
import { EmergencyListEditor } from "./emergency-list-editor";
import { PhaseEditor } from "./phase-editor";
import { RolloutControls } from "./rollout-controls";
import { RunbookPanel } from "./runbook-panel";
import { TimelinePanel } from "./timeline-panel";

export function RolloutView() {
  const rollout = useQuery(rolloutOverviewQuery());
  const isAdmin = usePermission("admin");
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <QueryState query={rollout} label="the rollout plan">
      {(overview) => {
        const { state, phases, flagKeys } = overview;
        return (
          <div className="space-y-4">
            <RolloutControls overview={overview} />
            <div className="grid gap-4 lg:grid-cols-2">
              <RunbookPanel items={overview.runbook} phase={state.currentPhase} />
              <AlertsPanel />
            </div>
            <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-5">
              {phases.map((phase) => (
                <section
                  key={phase.number}
                  className={`bg-panel rounded-lg border p-4 ${phase.number === state.currentPhase ? "border-accent" : "border-line"}`}
                  data-testid={`phase-${phase.number}`}
                >
                  <div className="text-muted text-xs">Phase {phase.number}</div>
                  <h2 className="font-semibold">{phase.name}</h2>
                  <dl className="text-muted mt-2 space-y-0.5 text-xs">
                    <div>
                      <dt className="inline">Planned: </dt>
                      <dd className="inline">{formatMinutes(phase.plannedDurationMinutes)}</dd>
                    </div>
                    <div>
                      <dt className="inline">Monitor for: </dt>
                      <dd className="inline">
                        {phase.monitorForMinutes === null ? "not set" : formatMinutes(phase.monitorForMinutes)}
                      </dd>
                    </div>
                  </dl>
                  <p className="mt-2 text-sm">{phase.validation}</p>
                  {phase.checks.length ? (
                    <ul className="text-muted mt-2 list-disc space-y-0.5 pl-4 text-xs">
                      {phase.checks.map((check) => (
                        <li key={check}>{check}</li>
                      ))}
                    </ul>
                  ) : null}
                  {isAdmin ? (
                    <Button className="mt-3" onClick={() => setEditing(phase.number)}>
                      Edit phase {phase.number}
                    </Button>
                  ) : null}
                </section>
              ))}
            </div>
            {editing !== null && phases.some((p) => p.number === editing) ? (
              <PhaseEditor
                key={editing}
                phase={phases.find((p) => p.number === editing)!}
                flagKeys={flagKeys}
                onDone={() => setEditing(null)}
              />
            ) : null}
            <EmergencyListEditor flagKeys={flagKeys} forcedOff={overview.emergencyForcedOff} />
            <Panel title="Flag state per phase">
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="text-muted text-xs">
                    <tr>
                      <th className="py-2 pr-4 font-medium">Flag</th>
                      {phases.map((p) => (
                        <th key={p.number} className="px-2 py-2 text-center font-medium">
                          {p.number}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {flagKeys.map((key) => (
                      <tr key={key} className="border-line border-t">
                        <td className="py-2 pr-4 font-mono text-xs">{key}</td>
                        {phases.map((p) => {
                          const changed = key in p.settings;
                          return (
                            <td
                              key={p.number}
                              className="px-2 py-2 text-center"
                              title={changed ? `Set by phase ${p.number}` : "Carried over"}
                            >
                              <span className={changed ? "" : "opacity-60"}>
                                <FlagValueBadge value={p.effective[key] ?? "off"} />
                              </span>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="text-muted mt-3 text-xs">
                Faded values are carried over from earlier phases; full-strength values are set by that phase.
              </p>
            </Panel>
            <TimelinePanel />
          </div>
        );
      }}
    </QueryState>
  );
}
