// A scan's findings for CI: SARIF 2.1.0 for GitHub code scanning (one result per finding, with the rule, the file
// and line, and a partialFingerprint so an alert survives unrelated lines moving) and the Code Climate JSON subset
// GitLab's code-quality report reads. Pure.
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { ScanFinding, ScanReport } from "./scan-report";

/** What each rule means, for the SARIF rule list and Code Climate descriptions. */
export const SCAN_RULES: Record<string, { title: string; help: string }> = {
  process_spawn: {
    title: "Process.spawn",
    help: "Start processes under a supervisor (Task.Supervisor, DynamicSupervisor).",
  },
  raw_spawn: { title: "Raw spawn(", help: "A raw spawn( starts an unsupervised process; use a supervisor." },
  process_put: { title: "Process.put", help: "The process dictionary hides state; keep state in the process's state." },
  process_get: { title: "Process.get", help: "The process dictionary hides state; keep state in the process's state." },
  monitor_leak: {
    title: "Process.monitor without Process.demonitor",
    help: "This file has more Process.monitor calls than Process.demonitor calls: monitors may leak.",
  },
  missing_persistent_agent: {
    title: "Critical agent without PersistentFoundationAgent",
    help: "Critical agents use JidoSystem.Agents.PersistentFoundationAgent so their state survives a crash.",
  },
  test_sleep: { title: "Process.sleep in a test", help: "Synchronise on a condition, not on time." },
  telemetry_sync: {
    title: "assert_receive on telemetry",
    help: "Tests synchronise through sync APIs, not telemetry messages.",
  },
  rescue_underscore: { title: "rescue _", help: "A catch-all rescue hides every error; rescue specific exceptions." },
  rescue_exception: { title: "rescue exception ->", help: "A catch-all rescue hides every error." },
  catch_all: { title: "catch _, _", help: "A catch-all catch hides exits and throws." },
  simple_error_tuple: {
    title: "Simple {:error, atom} tuple",
    help: "Errors are Foundation.Error structs, not bare {:error, atom} tuples.",
  },
  unsupervised_spawn: { title: "spawn( in lib/", help: "No unsupervised processes: no spawn( in lib/." },
};

type Located = { finding: ScanFinding; failed: boolean; check: string };

/** Every finding once (the checklist repeats some pre-integration findings), with whether its check failed. */
export function distinctFindings(report: ScanReport): Located[] {
  const seen = new Set<string>();
  const out: Located[] = [];
  for (const check of [...report.preIntegration, ...report.checklist])
    for (const finding of check.findings) {
      const id = `${finding.rule}\0${finding.fingerprint}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ finding, failed: check.status === "failed", check: check.key });
    }
  return out;
}

export function toSarif(report: ScanReport, toolVersion = "0.1.0"): Log {
  const located = distinctFindings(report);
  const ruleIds = [...new Set(located.map((l) => l.finding.rule))].sort();
  const rules: ReportingDescriptor[] = ruleIds.map((id) => ({
    id,
    name: id.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: SCAN_RULES[id]?.title ?? id },
    fullDescription: { text: SCAN_RULES[id]?.help ?? id },
    help: { text: SCAN_RULES[id]?.help ?? id },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["phasegate", "readiness"] },
  }));
  const results: Result[] = located.map(({ finding, failed, check }) => ({
    ruleId: finding.rule,
    ruleIndex: ruleIds.indexOf(finding.rule),
    level: failed ? "error" : "note",
    message: { text: `${SCAN_RULES[finding.rule]?.title ?? finding.rule}: ${finding.text}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file, uriBaseId: "%SRCROOT%" },
          region: { startLine: finding.line, startColumn: finding.column, snippet: { text: finding.text } },
        },
        ...(finding.enclosing ? { logicalLocations: [{ name: finding.enclosing, kind: "function" }] } : {}),
      },
    ],
    partialFingerprints: { "phasegateFinding/v1": finding.fingerprint },
    properties: { check },
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "phasegate scan", version: toolVersion, rules } },
        automationDetails: { id: `phasegate-scan/${report.mode}/` },
        results,
      },
    ],
  };
}

export type CodeClimateIssue = {
  type: "issue";
  check_name: string;
  description: string;
  categories: string[];
  severity: "info" | "minor" | "major" | "critical" | "blocker";
  fingerprint: string;
  location: { path: string; lines: { begin: number } };
};

export function toCodeClimate(report: ScanReport): CodeClimateIssue[] {
  return distinctFindings(report).map(({ finding, failed }) => ({
    type: "issue",
    check_name: finding.rule,
    description: `${SCAN_RULES[finding.rule]?.title ?? finding.rule}: ${finding.text}`,
    categories: ["Bug Risk"],
    severity: failed ? "major" : "info",
    fingerprint: finding.fingerprint,
    location: { path: finding.file, lines: { begin: finding.line } },
  }));
}
