import type { ReadinessCheck } from "../db/generated/client";
import type { RunChanges } from "./changes";
import type { CategorySummary, CheckSource, CheckStatus } from "./checks";
import type { ScanCheckOutcome, ScanReport } from "./scan-report";

export type ReadinessCheckDto = { key: string; category: string; name: string; description: string };

export type ReadinessChecklistDto = { categories: { name: string; checks: ReadinessCheckDto[] }[]; total: number };

/** Checks in their stored order, grouped by category in the order categories first appear. */
export function toReadinessChecklistDto(checks: ReadinessCheck[]): ReadinessChecklistDto {
  const categories: ReadinessChecklistDto["categories"] = [];
  for (const { key, category, name, description } of checks) {
    let group = categories.find((c) => c.name === category);
    if (!group) categories.push((group = { name: category, checks: [] }));
    group.checks.push({ key, category, name, description });
  }
  return { categories, total: checks.length };
}

export type ReadinessResultDto = {
  key: string;
  category: string;
  name: string;
  status: CheckStatus;
  source: CheckSource;
  summary: string;
  evidence: Record<string, unknown>;
  evidenceUrl: string | null;
  observedAt: string | null;
};

/** The scan a run's code checks came from, without the checklist's findings (those are on each result). */
export type ReadinessScanDto = {
  runId: number;
  root: string;
  mode: string;
  scannedAt: string;
  durationMs: number;
  filesScanned: number;
  passed: boolean;
  preIntegration: ScanCheckOutcome[];
  skipped: number;
};

export type ReadinessRunSummaryDto = {
  id: number;
  at: string;
  ready: boolean;
  verdict: "READY" | "NOT READY";
  passed: number;
  total: number;
  categories: CategorySummary[];
  origin: string;
  actor: string;
  scanRunId: number | null;
};

export type ReadinessRunDto = ReadinessRunSummaryDto & {
  results: ReadinessResultDto[];
  scan: ReadinessScanDto | null;
  /** Against the run before it; null for the first run. */
  changes: RunChanges | null;
};

export type ReadinessRunListDto = { runs: ReadinessRunSummaryDto[]; nextCursor: number | null };

export type ReadinessLatestDto = {
  run: ReadinessRunDto | null;
  /** Whether the page may start a run (PHASEGATE_READINESS_PROJECT), and how old a run may be for the gate. */
  project: { configured: boolean; path: string | null };
  maxAgeHours: number;
  /** The latest run is older than maxAgeHours on the server's clock: the rollout gate no longer accepts it. */
  stale: boolean;
};

type RunRow = {
  id: number;
  at: Date;
  ready: boolean;
  passed: number;
  total: number;
  categories: unknown;
  origin: string;
  actor: string;
  scanRunId: number | null;
};

export function toRunSummaryDto(row: RunRow): ReadinessRunSummaryDto {
  return {
    id: row.id,
    at: row.at.toISOString(),
    ready: row.ready,
    verdict: row.ready ? "READY" : "NOT READY",
    passed: row.passed,
    total: row.total,
    categories: row.categories as CategorySummary[],
    origin: row.origin,
    actor: row.actor,
    scanRunId: row.scanRunId,
  };
}

export function toScanDto(runId: number, scan: ScanReport): ReadinessScanDto {
  return {
    runId,
    root: scan.root,
    mode: scan.mode,
    scannedAt: scan.scannedAt,
    durationMs: scan.durationMs,
    filesScanned: scan.filesScanned,
    passed: scan.passed,
    preIntegration: scan.preIntegration,
    skipped: scan.skipped.length,
  };
}

type ResultRow = {
  key: string;
  status: string;
  source: string;
  summary: string;
  evidence: unknown;
  evidenceUrl: string | null;
  observedAt: Date | null;
};

export function toResultDto(row: ResultRow, definition: { category: string; name: string }): ReadinessResultDto {
  return {
    key: row.key,
    category: definition.category,
    name: definition.name,
    status: row.status as CheckStatus,
    source: row.source as CheckSource,
    summary: row.summary,
    evidence: row.evidence as Record<string, unknown>,
    evidenceUrl: row.evidenceUrl,
    observedAt: row.observedAt?.toISOString() ?? null,
  };
}
