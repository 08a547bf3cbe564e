// The human summary of a scan: first exactly what the plan's script prints (so an operator can diff the two), then
// the detail the script lacks: each finding with line, column and enclosing function, the checklist's code checks,
// the notes on deliberate differences, and skipped files. Pure.
import type { ScanCheckOutcome, ScanReport } from "./scan-report";

/** PreIntegrationCheck.run_all_checks/0's output, line for line. */
export function planSummary(report: ScanReport): string {
  const lines = ["Pre-Integration System Check", "==========================", ""];
  for (const check of report.preIntegration) {
    if (check.status === "passed") {
      lines.push(`Checking ${check.key}... ✅ PASSED`);
      continue;
    }
    lines.push(`Checking ${check.key}... ❌ FAILED`, "  Issues found:", ...check.issues.map((i) => `    - ${i}`));
  }
  const failed = report.preIntegration.filter((c) => c.status !== "passed").length;
  lines.push(
    "",
    failed === 0
      ? "✅ All checks passed! Ready for integration."
      : `❌ ${failed} checks failed. Fix before proceeding.`,
  );
  return lines.join("\n");
}

function findingLines(check: ScanCheckOutcome): string[] {
  return check.findings.map(
    (f) => `    ${f.file}:${f.line}:${f.column}${f.enclosing ? ` (in ${f.enclosing})` : ""}  ${f.text}`,
  );
}

export function humanSummary(report: ScanReport): string {
  const lines = [planSummary(report)];
  const withFindings = report.preIntegration.filter((c) => c.findings.length > 0 && c.status === "failed");
  if (withFindings.length) {
    lines.push("", "Findings:");
    for (const check of withFindings) lines.push(`  ${check.key}:`, ...findingLines(check));
  }
  lines.push("", `Readiness checklist (code checks, ${report.mode} mode):`);
  for (const check of report.checklist) {
    lines.push(`  ▸ ${check.name}... ${check.status === "passed" ? "✅" : check.status === "failed" ? "❌" : "?"}`);
    for (const issue of check.issues) lines.push(`    → ${issue}`);
  }
  const notes = [...report.preIntegration, ...report.checklist].filter((c) => c.note);
  if (notes.length) {
    lines.push("", "Notes:");
    for (const check of notes) lines.push(`  ${check.key}: ${check.note}`);
  }
  if (report.skipped.length) {
    lines.push("", `Skipped ${report.skipped.length} file(s):`);
    for (const s of report.skipped) lines.push(`  ${s.file}: ${s.reason}`);
  }
  lines.push("", `${report.filesScanned} files scanned in ${report.durationMs} ms.`);
  return lines.join("\n");
}
