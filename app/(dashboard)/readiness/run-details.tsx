"use client";

import { Panel } from "@/components/panel";
import { formatDateTime, humanize } from "@/lib/format";
import type { RunChanges } from "@/lib/readiness/changes";
import type { ReadinessResultDto, ReadinessRunDto } from "@/lib/readiness/serializers";
import type { ScanFinding } from "@/lib/readiness/scan-report";

const STATUS = {
  passed: { mark: "✅", style: "text-ok" },
  failed: { mark: "❌", style: "text-bad" },
  unknown: { mark: "❔", style: "text-warn" },
} as const;

const SOURCE = { scan: "code scan", live: "live data", ci: "CI" } as const;
const SHOWN_FINDINGS = 50;

function Findings({ findings, testId }: { findings: readonly ScanFinding[]; testId?: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 font-mono text-xs" data-testid={testId}>
      {findings.slice(0, SHOWN_FINDINGS).map((f) => (
        <li key={`${f.fingerprint}:${f.line}`} data-testid="finding" title={f.fingerprint}>
          <span className="text-accent">
            {f.file}:{f.line}
          </span>{" "}
          <span className="text-muted">{f.text}</span>
        </li>
      ))}
      {findings.length > SHOWN_FINDINGS ? (
        <li className="text-muted">and {findings.length - SHOWN_FINDINGS} more</li>
      ) : null}
    </ul>
  );
}

function Check({ result }: { result: ReadinessResultDto }) {
  const findings = (result.evidence.findings as ScanFinding[] | undefined) ?? [];
  return (
    <li data-testid={`check-${result.key}`} data-status={result.status} className="space-y-0.5">
      <div className="flex items-baseline gap-2">
        <span className={STATUS[result.status].style} aria-hidden>
          {STATUS[result.status].mark}
        </span>
        <span className="font-medium">{result.name}</span>
        <span className={`text-xs ${STATUS[result.status].style}`}>{result.status}</span>
        <span className="text-muted ml-auto text-xs">{SOURCE[result.source]}</span>
      </div>
      <div className="text-muted pl-6 text-xs">
        → {result.summary}
        {result.evidenceUrl ? (
          <>
            {" "}
            <a className="text-accent underline" href={result.evidenceUrl} target="_blank" rel="noreferrer">
              CI job
            </a>
          </>
        ) : null}
      </div>
      <div className="pl-6">
        <Findings findings={findings} />
      </div>
    </li>
  );
}

function Changes({ changes }: { changes: RunChanges }) {
  const { flipped, findingsAdded, findingsRemoved } = changes;
  const nothing = flipped.length + findingsAdded.length + findingsRemoved.length === 0;
  return (
    <Panel title={`Changed since run #${changes.previousRunId}`}>
      <div className="space-y-3 text-sm" data-testid="run-changes">
        {nothing ? <p className="text-muted">Nothing changed.</p> : null}
        {flipped.length ? (
          <ul className="space-y-0.5" data-testid="flipped-checks">
            {flipped.map((f) => (
              <li key={f.key} data-testid={`flipped-${f.key}`}>
                {f.name}: <span className={f.from ? STATUS[f.from].style : "text-muted"}>{f.from ?? "absent"}</span> →{" "}
                <span className={STATUS[f.to].style}>{f.to}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {findingsAdded.length ? (
          <div>
            <div className="text-bad text-xs font-medium">New findings ({findingsAdded.length})</div>
            <Findings findings={findingsAdded} testId="findings-added" />
          </div>
        ) : null}
        {findingsRemoved.length ? (
          <div>
            <div className="text-ok text-xs font-medium">Fixed findings ({findingsRemoved.length})</div>
            <Findings findings={findingsRemoved} testId="findings-removed" />
          </div>
        ) : null}
      </div>
    </Panel>
  );
}

/** One run, like the plan's run_checklist prints it: per category each check, then OVERALL and the verdict. */
export function RunDetails({ run }: { run: ReadinessRunDto }) {
  return (
    <div className="space-y-4" data-testid="run-details" data-run={run.id}>
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        {run.categories.map((category) => (
          <Panel
            key={category.category}
            title={
              <span data-testid={`category-${category.category}`}>
                📋 {humanize(category.category)}{" "}
                <span className={category.passed === category.total ? "text-ok" : "text-bad"}>
                  {category.passed}/{category.total}
                </span>
              </span>
            }
          >
            <ul className="space-y-2 text-sm">
              {run.results
                .filter((r) => r.category === category.category)
                .map((result) => (
                  <Check key={result.key} result={result} />
                ))}
            </ul>
          </Panel>
        ))}
      </div>
      {run.changes ? <Changes changes={run.changes} /> : null}
      {run.scan ? (
        <Panel title={`Pre-integration check (scan of ${formatDateTime(run.scan.scannedAt)}, run #${run.scan.runId})`}>
          <div className="text-muted mb-2 text-xs">
            {run.scan.root} · {run.scan.filesScanned} files · {run.scan.mode} mode · {run.scan.durationMs} ms
            {run.scan.skipped ? ` · ${run.scan.skipped} skipped` : ""}
          </div>
          <ul className="space-y-1 text-sm" data-testid="pre-integration">
            {run.scan.preIntegration.map((check) => (
              <li key={check.key}>
                <span className={STATUS[check.status].style}>{STATUS[check.status].mark}</span> Checking {check.key}…{" "}
                {check.status.toUpperCase()}
                {check.issues.length ? (
                  <ul className="text-muted pl-6 text-xs">
                    {check.issues.map((issue) => (
                      <li key={issue}>- {issue}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}
    </div>
  );
}
