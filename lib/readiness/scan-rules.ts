// The plan's PreIntegrationCheck (scripts/pre_integration_check.exs) and the code-sourced checks of its production
// readiness checklist, as pure functions of the project's files. Verdicts, file lists, order and messages are the
// script's; findings (line, column, text, enclosing function) are extra detail. The script's quirks are kept in plan
// mode and named in a `note`; strict mode reads code only (lib/readiness/elixir-lexer.ts) and reports error tuples.
import type { ScanCheckOutcome, ScanFinding, ScanMode } from "./scan-report";
import { fingerprintAll, findAll, findingAt, type SourceFile } from "./scan-findings";
import {
  BANNED_PRIMITIVES,
  countMatches,
  DANGEROUS_ERROR_HANDLING,
  DEMONITOR,
  ERROR_TUPLE,
  GREP_SPAWN,
  matches,
  MONITOR,
  PERSISTENT_AGENT_USE,
  TELEMETRY_SYNC,
  TEST_SLEEP,
  type PlanPattern,
} from "./scan-patterns";

/** The project as the plan's script sees it: Path.wildcard results (sorted) and File.exists?/File.read! of agents. */
export type ProjectSources = {
  mode: ScanMode;
  lib: SourceFile[]; // lib/**/*.ex
  tests: SourceFile[]; // test/**/*_test.exs
  /** Each critical agent path that exists and could be read, in the configured order. */
  agents: { path: string; source: SourceFile | null }[];
};

type Outcome = Omit<ScanCheckOutcome, "key" | "name">;

const outcome = (issues: string[], findings: ScanFinding[], note?: string): Outcome => {
  fingerprintAll(findings);
  return { status: issues.length === 0 ? "passed" : "failed", issues, findings, ...(note ? { note } : {}) };
};

function filesMatching(sources: SourceFile[], pattern: PlanPattern) {
  const files = sources.filter((s) => matches(pattern.regex, s.code));
  return { files, findings: files.flatMap((s) => findAll(s, pattern.rule, pattern.regex)) };
}

const names = (files: SourceFile[]) => files.map((f) => f.file).join(", ");

export function bannedPrimitives(p: ProjectSources): Outcome {
  const issues: string[] = [];
  const findings: ScanFinding[] = [];
  for (const pattern of BANNED_PRIMITIVES) {
    const hit = filesMatching(p.lib, pattern);
    if (hit.files.length) issues.push(`Found ${pattern.name} in: ${names(hit.files)}`);
    findings.push(...hit.findings);
  }
  return outcome(issues, findings);
}

export function monitorLeaks(p: ProjectSources): Outcome {
  const issues: string[] = [];
  const findings: ScanFinding[] = [];
  for (const source of p.lib.filter((s) => matches(MONITOR, s.code))) {
    const monitors = countMatches(MONITOR, source.code);
    const demonitors = countMatches(DEMONITOR, source.code);
    if (monitors > demonitors) {
      issues.push(`${source.file}: ${monitors} monitors but only ${demonitors} demonitors`);
      findings.push(...findAll(source, "monitor_leak", MONITOR));
    }
  }
  return outcome(issues, findings);
}

export function statePersistence(p: ProjectSources): Outcome {
  const issues: string[] = [];
  const findings: ScanFinding[] = [];
  for (const { path, source } of p.agents) {
    if (!source || source.code.includes(PERSISTENT_AGENT_USE)) continue;
    issues.push(`${path} does not use PersistentFoundationAgent`);
    const moduleStart = source.code.search(/\bdefmodule\b/);
    findings.push(findingAt(source, "missing_persistent_agent", Math.max(moduleStart, 0)));
  }
  return outcome(issues, findings);
}

export function testPatterns(p: ProjectSources): Outcome {
  // The script prepends each message, so telemetry comes before sleep.
  const sleep = filesMatching(p.tests, TEST_SLEEP);
  const telemetry = filesMatching(p.tests, TELEMETRY_SYNC);
  const issues: string[] = [];
  if (telemetry.files.length) issues.push(`Telemetry sync in tests: ${names(telemetry.files)}`);
  if (sleep.files.length) issues.push(`Process.sleep found in tests: ${names(sleep.files)}`);
  return outcome(issues, [...sleep.findings, ...telemetry.findings]);
}

/** find_pattern_in_lib(error tuple) |> reject(path contains "test") |> take(5), and every finding behind it. */
function errorTuples(p: ProjectSources) {
  const hit = filesMatching(
    p.lib.filter((s) => !s.file.includes("test")),
    ERROR_TUPLE,
  );
  const message = hit.files.length ? `Simple error tuples still used in: ${names(hit.files.slice(0, 5))}` : null;
  return { ...hit, message };
}

export function errorHandling(p: ProjectSources): Outcome {
  const issues: string[] = [];
  const findings: ScanFinding[] = [];
  for (const pattern of DANGEROUS_ERROR_HANDLING) {
    const hit = filesMatching(p.lib, pattern);
    if (hit.files.length) issues.push(`Dangerous error handling in: ${names(hit.files)}`);
    findings.push(...hit.findings);
  }
  const tuples = errorTuples(p);
  if (!tuples.message) return outcome(issues, findings);
  if (p.mode === "strict") return outcome([tuples.message, ...issues], [...findings, ...tuples.findings]);
  return outcome(
    issues,
    findings,
    `Not counted, as in the plan's script (its \`issues = [...]\` inside an \`if\` rebinds a new variable, so the ` +
      `finding is computed and dropped): "${tuples.message}". --strict reports it.`,
  );
}

/** The readiness checklist's checks whose evidence is the code, keyed as lib/rollout/plan.ts PLAN_READINESS_CHECKS. */
export const CODE_CHECKLIST_KEYS = [
  "architecture.no_unsupervised_processes",
  "architecture.monitor_cleanup",
  "state_management.persistent_agents",
  "error_handling.single_error_type",
  "error_handling.no_catch_all",
  "testing.no_test_sleep",
] as const;

export function checklistOutcomes(p: ProjectSources): Record<(typeof CODE_CHECKLIST_KEYS)[number], Outcome> {
  const spawnFiles = p.lib.filter((s) => matches(GREP_SPAWN, s.code));
  const spawnFindings = spawnFiles.flatMap((s) => findAll(s, "unsupervised_spawn", GREP_SPAWN));
  // grep's output lines are "file:line"; the plan shows the first three.
  const grepLines = spawnFindings.slice(0, 3).map((f) => `${f.file}:${f.text}`);
  const tuples = errorTuples(p);
  const catchAll = errorHandling({ ...p, mode: "plan" });
  const sleep = filesMatching(p.tests, TEST_SLEEP);
  return {
    "architecture.no_unsupervised_processes": outcome(
      spawnFiles.length ? [`Found spawn in: ${grepLines.join(", ")}`] : [],
      spawnFindings,
      "The plan's verify_no_unsupervised_processes treats grep's no-match exit status (1) as a failure, so it can " +
        'never pass; this check implements its stated intent: no "spawn(" in lib/**/*.ex.',
    ),
    "architecture.monitor_cleanup": monitorLeaks(p),
    "state_management.persistent_agents": statePersistence(p),
    "error_handling.single_error_type": outcome(tuples.message ? [tuples.message] : [], tuples.findings),
    "error_handling.no_catch_all": outcome(catchAll.issues, catchAll.findings),
    "testing.no_test_sleep": outcome(
      sleep.files.length ? [`Process.sleep found in tests: ${names(sleep.files)}`] : [],
      sleep.findings,
    ),
  };
}

export const PRE_INTEGRATION_RULES = {
  banned_primitives: bannedPrimitives,
  monitor_leaks: monitorLeaks,
  state_persistence: statePersistence,
  test_patterns: testPatterns,
  error_handling: errorHandling,
} as const;
