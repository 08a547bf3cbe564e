// The production readiness checklist's evaluation, pure: where each check's evidence comes from (the code scan, live
// data at run time, or a CI job's report), how one run's outcomes combine into READY / NOT READY with per-category
// counts, exactly as the plan's run_checklist prints them. A check with no evidence is unknown, never passed.
import type { ScanCheckOutcome, ScanFinding, ScanReport } from "./scan-report";

export const CHECK_STATUSES = ["passed", "failed", "unknown"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
export const CHECK_SOURCES = ["scan", "live", "ci"] as const;
export type CheckSource = (typeof CHECK_SOURCES)[number];

/**
 * Where each checklist check (key `category.check`, lib/rollout/plan.ts) takes its evidence from. The scan decides
 * the six checks the code shows (the scanner's CODE_CHECKLIST_KEYS); the plan gives no rule for raw sends,
 * supervision strategy, data loss or error boundaries, so, like the three test suites, a CI job reports them with
 * its URL as evidence. Live checks are read from Phasegate's own data when the run is recorded.
 */
export const SOURCE_OF: Record<string, CheckSource> = {
  "architecture.no_unsupervised_processes": "scan",
  "architecture.monitor_cleanup": "scan",
  "architecture.no_raw_send": "ci",
  "architecture.supervision_strategy": "ci",
  "state_management.persistent_agents": "scan",
  "state_management.state_recovery": "ci",
  "state_management.no_data_loss": "ci",
  "error_handling.single_error_type": "scan",
  "error_handling.no_catch_all": "scan",
  "error_handling.error_boundaries": "ci",
  "testing.no_test_sleep": "scan",
  "testing.async_tests": "ci",
  "testing.integration_tests": "ci",
  "operations.monitoring_active": "live",
  "operations.alerts_configured": "live",
  "operations.rollback_tested": "live",
  "operations.performance": "live",
};

export const CI_CHECKS = Object.keys(SOURCE_OF).filter((key) => SOURCE_OF[key] === "ci");
export const LIVE_CHECKS = Object.keys(SOURCE_OF).filter((key) => SOURCE_OF[key] === "live");

export type CheckDefinition = { key: string; category: string; name: string };

export type CheckOutcome = {
  key: string;
  status: CheckStatus;
  source: CheckSource;
  /** One line an operator reads: why this status. */
  summary: string;
  evidence: Record<string, unknown>;
  evidenceUrl: string | null;
  /** When the evidence was taken; null when there is none. */
  observedAt: Date | null;
};

export type ScanEvidence = {
  scannedAt: string;
  mode: string;
  root: string;
  /** The run that posted this scan (null: posted with this run). */
  scanRunId: number | null;
  issues: string[];
  findings: ScanFinding[];
  note?: string;
};

/** A check's outcome from a scan report; a check the scan says nothing about is unknown. */
export function scanOutcome(
  key: string,
  scan: { report: ScanReport; runId: number | null } | null,
  noScanReason: string,
): CheckOutcome {
  const base = { key, source: "scan" as const, evidenceUrl: null };
  if (!scan) return { ...base, status: "unknown", summary: noScanReason, evidence: {}, observedAt: null };
  const { report, runId } = scan;
  const outcome: ScanCheckOutcome | undefined = report.checklist.find((c) => c.key === key);
  const observedAt = new Date(report.scannedAt);
  const evidence: ScanEvidence = {
    scannedAt: report.scannedAt,
    mode: report.mode,
    root: report.root,
    scanRunId: runId,
    issues: outcome?.issues ?? [],
    findings: outcome?.findings ?? [],
    ...(outcome?.note ? { note: outcome.note } : {}),
  };
  if (!outcome)
    return { ...base, status: "unknown", summary: "The scan has no verdict for this check.", evidence, observedAt };
  const findings = outcome.findings.length;
  const summary =
    outcome.status === "passed"
      ? `Passed in the scan of ${report.scannedAt}.`
      : outcome.status === "failed"
        ? (outcome.issues[0] ?? `${findings} finding${findings === 1 ? "" : "s"} in the scan of ${report.scannedAt}.`) +
          (outcome.issues.length > 1 ? ` (+${outcome.issues.length - 1} more)` : "")
        : (outcome.note ?? outcome.issues[0] ?? "The scan could not decide this check.");
  return { ...base, status: outcome.status, summary, evidence, observedAt };
}

export type CiReport = {
  key: string;
  status: "passed" | "failed";
  evidenceUrl: string;
  reportedAt: Date;
  reportedBy: string;
  /** The run it was posted with (null: this run). */
  runId: number | null;
};

/** A CI-reported check: the newest report within the age limit, else unknown. */
export function ciOutcome(key: string, report: CiReport | null, maxAgeHours: number): CheckOutcome {
  const base = { key, source: "ci" as const };
  if (!report)
    return {
      ...base,
      status: "unknown",
      summary: `No CI job has reported this check in the last ${maxAgeHours} h.`,
      evidence: {},
      evidenceUrl: null,
      observedAt: null,
    };
  return {
    ...base,
    status: report.status,
    summary: `${report.status === "passed" ? "Passed" : "Failed"} in CI (reported ${report.reportedAt.toISOString()} by ${report.reportedBy}).`,
    evidence: { reportedAt: report.reportedAt.toISOString(), reportedBy: report.reportedBy, runId: report.runId },
    evidenceUrl: report.evidenceUrl,
    observedAt: report.reportedAt,
  };
}

export type CategorySummary = { category: string; passed: number; total: number };
export type RunVerdict = { ready: boolean; passed: number; total: number; categories: CategorySummary[] };

/** Per category passed/total in the checklist's order, and READY only when every check passed. */
export function summarizeRun(definitions: readonly CheckDefinition[], outcomes: readonly CheckOutcome[]): RunVerdict {
  const categories: CategorySummary[] = [];
  for (const definition of definitions) {
    let category = categories.find((c) => c.category === definition.category);
    if (!category) categories.push((category = { category: definition.category, passed: 0, total: 0 }));
    category.total += 1;
    if (outcomes.find((o) => o.key === definition.key)?.status === "passed") category.passed += 1;
  }
  const passed = categories.reduce((sum, c) => sum + c.passed, 0);
  const total = categories.reduce((sum, c) => sum + c.total, 0);
  return { ready: total > 0 && passed === total, passed, total, categories };
}

/** The checks that keep a run from READY, in the checklist's order. */
export function notPassed<T extends { key: string; status: CheckStatus }>(outcomes: readonly T[]): T[] {
  return outcomes.filter((o) => o.status !== "passed");
}
