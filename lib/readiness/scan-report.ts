// The shape of one readiness scan of an Elixir project: the contract between the scanner (rules + file walk, the
// `phasegate scan` CLI) and the readiness runs the server stores, gates on and shows. Pure types, no I/O.

/** The plan's PreIntegrationCheck, in its order. */
export const PRE_INTEGRATION_CHECKS = [
  "banned_primitives",
  "monitor_leaks",
  "state_persistence",
  "test_patterns",
  "error_handling",
] as const;
export type PreIntegrationCheckKey = (typeof PRE_INTEGRATION_CHECKS)[number];

/** plan: verdicts and messages exactly as the plan's script; strict: comments and strings ignored, error tuples reported. */
export type ScanMode = "plan" | "strict";

/** One place in one file that a rule matched. The fingerprint has no line number: it survives unrelated lines moving. */
export type ScanFinding = {
  rule: string;
  file: string; // relative to the project root, "/"-separated
  line: number; // 1-based
  column: number; // 1-based
  text: string; // the matching line, trimmed, at most 200 characters
  enclosing: string | null; // the enclosing `def`/`defp` name with arity when known, else null
  fingerprint: string;
};

/** One check's outcome. `issues` are the plan's own messages ("Found Raw spawn in: a.ex, b.ex"). */
export type ScanCheckOutcome = {
  key: string; // a PreIntegrationCheckKey or a readiness checklist key (lib/rollout/plan.ts PLAN_READINESS_CHECKS)
  name: string;
  status: "passed" | "failed" | "unknown";
  issues: string[];
  findings: ScanFinding[];
  /** Set where this check's verdict differs from the plan's script on purpose (documented quirk). */
  note?: string;
};

export type ScanSkippedFile = { file: string; reason: string };

export type ScanReport = {
  root: string;
  mode: ScanMode;
  scannedAt: string; // ISO
  durationMs: number;
  filesScanned: number;
  /** The plan's five pre-integration checks, in the plan's order. */
  preIntegration: ScanCheckOutcome[];
  /** The readiness checklist's checks whose evidence is the code (the rest come from live data or CI). */
  checklist: ScanCheckOutcome[];
  skipped: ScanSkippedFile[];
  /** true when every pre-integration check passed (the plan's "Ready for integration"). */
  passed: boolean;
};

export type ScanOptions = {
  mode?: ScanMode;
  /** The plan's critical agent files (check_state_persistence); relative to the root. */
  criticalAgents?: readonly string[];
  /** The clock for `scannedAt` (the server passes lib/clock.ts's `now`; the CLI the wall clock). */
  now?: () => Date;
};
