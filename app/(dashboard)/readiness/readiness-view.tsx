"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { Button, FormError } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { usePermission } from "@/components/use-permission";
import { formatAgo, formatDateTime, humanize } from "@/lib/format";
import { useStartReadinessRun } from "@/lib/readiness/mutations";
import { checklistQuery, latestRunQuery, runListQuery, runQuery } from "@/lib/readiness/queries";
import type { ReadinessRunSummaryDto } from "@/lib/readiness/serializers";
import { RunDetails } from "./run-details";

function Verdict({ run, maxAgeHours, stale }: { run: ReadinessRunSummaryDto; maxAgeHours: number; stale: boolean }) {
  return (
    <div className="flex flex-wrap items-baseline gap-3">
      <span
        data-testid="readiness-verdict"
        className={`rounded-md px-2 py-1 text-lg font-semibold ${run.ready ? "bg-ok/15 text-ok" : "bg-bad/15 text-bad"}`}
      >
        {run.ready ? "✅ READY" : "❌ NOT READY"}
      </span>
      <span data-testid="readiness-overall">
        OVERALL: {run.passed}/{run.total} checks passed
      </span>
      <span className="text-muted text-sm">
        Run #{run.id}, {formatDateTime(run.at)} ({formatAgo(run.at)}) by {run.actor}
        {run.origin === "seed" ? " (seeded by a test helper)" : ""}
      </span>
      {stale ? (
        <span className="text-warn text-sm">Older than {maxAgeHours} h: the rollout gate no longer accepts it.</span>
      ) : null}
    </div>
  );
}

function History({ selected, onSelect }: { selected: number | null; onSelect(id: number): void }) {
  const [pages, setPages] = useState<(number | null)[]>([null]);
  return (
    <Panel title="History">
      <ul className="space-y-1 text-sm" data-testid="run-history">
        {pages.map((before) => (
          <HistoryPage
            key={before ?? "first"}
            before={before}
            selected={selected}
            onSelect={onSelect}
            onMore={(next) => setPages((p) => (p.includes(next) ? p : [...p, next]))}
            last={before === pages.at(-1)}
          />
        ))}
      </ul>
    </Panel>
  );
}

function HistoryPage(props: {
  before: number | null;
  selected: number | null;
  onSelect(id: number): void;
  onMore(next: number): void;
  last: boolean;
}) {
  const runs = useQuery(runListQuery(props.before));
  if (!runs.data) return null;
  return (
    <>
      {runs.data.runs.map((run) => (
        <li key={run.id}>
          <button
            type="button"
            data-testid={`history-run-${run.id}`}
            onClick={() => props.onSelect(run.id)}
            className={`flex w-full gap-2 rounded px-1 text-left ${props.selected === run.id ? "bg-panel-2" : ""}`}
          >
            <span className="w-10">#{run.id}</span>
            <span className={`w-24 ${run.ready ? "text-ok" : "text-bad"}`}>{run.verdict}</span>
            <span className="w-12">
              {run.passed}/{run.total}
            </span>
            <span className="text-muted">
              {formatDateTime(run.at)} · {run.actor}
            </span>
          </button>
        </li>
      ))}
      {props.last && runs.data.nextCursor ? (
        <li>
          <Button onClick={() => props.onMore(runs.data.nextCursor!)}>Older runs</Button>
        </li>
      ) : null}
    </>
  );
}

function SelectedRun({ id }: { id: number }) {
  const run = useQuery(runQuery(id));
  return (
    <QueryState query={run} label={`run #${id}`}>
      {(data) => <RunDetails run={data} />}
    </QueryState>
  );
}

export function ReadinessView() {
  const latest = useQuery(latestRunQuery());
  const checklist = useQuery(checklistQuery());
  const mayOperate = usePermission("operate");
  const start = useStartReadinessRun();
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <div className="space-y-4">
      <QueryState query={latest} label="the latest readiness run">
        {({ run, project, maxAgeHours, stale }) => (
          <>
            <Panel
              title="Production readiness"
              actions={
                mayOperate && project.configured ? (
                  <Button tone="primary" onClick={() => start.mutate()} disabled={start.isPending}>
                    {start.isPending ? "Scanning…" : "Run now"}
                  </Button>
                ) : null
              }
            >
              <div className="space-y-2">
                {run ? <Verdict run={run} maxAgeHours={maxAgeHours} stale={stale} /> : null}
                {mayOperate && project.configured ? (
                  <p className="text-muted text-xs">Run now scans {project.path} and reads live data.</p>
                ) : null}
                <FormError error={start.error} />
              </div>
            </Panel>
            {run ? (
              <>
                {selected !== null && selected !== run.id ? (
                  <div className="flex items-center gap-2 text-sm">
                    <span>Showing run #{selected}.</span>
                    <Button onClick={() => setSelected(null)}>Back to the latest</Button>
                  </div>
                ) : null}
                {selected !== null && selected !== run.id ? <SelectedRun id={selected} /> : <RunDetails run={run} />}
                <History selected={selected ?? run.id} onSelect={setSelected} />
              </>
            ) : (
              <EmptyState title="No readiness run yet" testId="no-readiness-run">
                <p>
                  A run checks the system against every item below and records the evidence: from the pre-integration
                  scan of the code, from live health data, or from CI. The latest run&rsquo;s verdict, READY or NOT
                  READY, shows here, and advancing the rollout needs it READY and younger than {maxAgeHours} h.
                </p>
              </EmptyState>
            )}
          </>
        )}
      </QueryState>
      {latest.data && !latest.data.run ? (
        <QueryState query={checklist} label="the checklist">
          {({ categories, total }) => (
            <>
              <p className="text-muted text-sm">
                {total} checks in {categories.length} categories
              </p>
              <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
                {categories.map((category) => (
                  <Panel key={category.name} title={humanize(category.name)}>
                    <ul className="space-y-2 text-sm">
                      {category.checks.map((check) => (
                        <li key={check.key}>
                          <div>{check.name}</div>
                          <div className="text-muted text-xs">{check.description}</div>
                        </li>
                      ))}
                    </ul>
                  </Panel>
                ))}
              </div>
            </>
          )}
        </QueryState>
      ) : null}
    </div>
  );
}
