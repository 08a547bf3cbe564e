// scanProject: the plan's pre-integration check on an Elixir project on disk. Walks lib/**/*.ex and
// test/**/*_test.exs as Elixir's Path.wildcard does (no dot entries, symlinks followed, sorted by code point), reads
// each file as bytes and hands them to the pure rules (scan-rules.ts). What the plan's script would crash on (a
// dangling symlink, a directory named *.ex, an unreadable file) or should not read (a symlink loop, binary or
// enormous files) becomes a skipped-file note instead. No database: the `phasegate scan` CLI runs it anywhere.
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { PLAN_READINESS_CHECKS } from "../rollout/plan";
import { SourceFile } from "./scan-findings";
import { DEFAULT_CRITICAL_AGENTS } from "./scan-patterns";
import { PRE_INTEGRATION_RULES, checklistOutcomes, CODE_CHECKLIST_KEYS, type ProjectSources } from "./scan-rules";
import type { ScanCheckOutcome, ScanOptions, ScanReport, ScanSkippedFile } from "./scan-report";
import { PRE_INTEGRATION_CHECKS } from "./scan-report";

/** Files above this size are skipped (a generated or vendored blob, not source). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
const READ_CONCURRENCY = 64;

/** The path cannot be scanned at all (missing, not a directory, not an Elixir project). */
export class ScanInputError extends Error {}

const PRE_INTEGRATION_NAMES: Record<string, string> = {
  banned_primitives: "Banned primitives",
  monitor_leaks: "Monitor leaks",
  state_persistence: "State persistence",
  test_patterns: "Test patterns",
  error_handling: "Error handling",
};

/** Path.wildcard's order: Erlang sorts the names as lists of code points, which is UTF-8 byte order. */
export const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

type Walk = { files: string[]; skipped: ScanSkippedFile[] };

/** `base`/**\/<name matching `accept`>, relative to root. */
async function wildcard(root: string, base: string, accept: (name: string) => boolean): Promise<Walk> {
  const walk: Walk = { files: [], skipped: [] };
  const visit = async (relative: string, ancestors: Set<string>) => {
    const absolute = path.join(root, relative);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      return;
    }
    if (ancestors.has(real)) {
      walk.skipped.push({ file: relative, reason: "symlink loop: not followed" });
      return;
    }
    let entries;
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      if (relative !== base) walk.skipped.push({ file: relative, reason: `unreadable directory (${code(error)})` });
      return;
    }
    const inner = new Set(ancestors).add(real);
    await Promise.all(
      entries
        .filter((entry) => !entry.name.startsWith("."))
        .map(async (entry) => {
          const child = `${relative}/${entry.name}`;
          let isDirectory = entry.isDirectory();
          if (entry.isSymbolicLink()) {
            try {
              isDirectory = (await stat(path.join(root, child))).isDirectory();
            } catch {
              if (accept(entry.name)) walk.skipped.push({ file: child, reason: "dangling symlink" });
              return;
            }
          }
          if (isDirectory) {
            if (accept(entry.name)) walk.skipped.push({ file: child, reason: "a directory, not a file" });
            await visit(child, inner);
          } else if (accept(entry.name)) walk.files.push(child);
        }),
    );
  };
  await visit(base, new Set());
  walk.files.sort(byCodePoint);
  return walk;
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** The file's bytes as latin1, or why it was skipped. */
async function readSource(root: string, file: string): Promise<string | ScanSkippedFile> {
  try {
    const info = await stat(path.join(root, file));
    if (!info.isFile()) return { file, reason: "not a regular file" }; // a FIFO would block the read
    if (info.size > MAX_FILE_BYTES) return { file, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
    const bytes = await readFile(path.join(root, file));
    if (bytes.subarray(0, 8000).includes(0)) return { file, reason: "binary (NUL bytes)" };
    return bytes.toString("latin1");
  } catch (error) {
    return { file, reason: `unreadable (${code(error)})` };
  }
}

async function readAll(root: string, files: string[], mode: ScanReport["mode"], skipped: ScanSkippedFile[]) {
  const texts: (string | ScanSkippedFile)[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      texts[index] = await readSource(root, files[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  const sources: SourceFile[] = [];
  texts.forEach((text, index) => {
    if (typeof text === "string") sources.push(new SourceFile(files[index]!, text, mode));
    else skipped.push(text);
  });
  return sources;
}

async function ensureProject(root: string) {
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new ScanInputError(`${root} does not exist`);
  }
  if (!info.isDirectory()) throw new ScanInputError(`${root} is not a directory`);
  const has = async (name: string) =>
    stat(path.join(root, name)).then(
      () => true,
      () => false,
    );
  if (!(await has("mix.exs")) && !(await has("lib")))
    throw new ScanInputError(`${root} is not an Elixir project (no mix.exs and no lib/)`);
}

export async function scanProject(root: string, options: ScanOptions = {}): Promise<ScanReport> {
  const started = performance.now();
  const mode = options.mode ?? "plan";
  await ensureProject(root);
  const [libWalk, testWalk] = await Promise.all([
    wildcard(root, "lib", (name) => name.endsWith(".ex")),
    wildcard(root, "test", (name) => name.endsWith("_test.exs")),
  ]);
  const skipped = [...libWalk.skipped, ...testWalk.skipped];
  const lib = await readAll(root, libWalk.files, mode, skipped);
  const tests = await readAll(root, testWalk.files, mode, skipped);
  const agents: ProjectSources["agents"] = [];
  for (const agent of options.criticalAgents ?? DEFAULT_CRITICAL_AGENTS) {
    const exists = await stat(path.join(root, agent)).then(
      () => true,
      () => false,
    );
    if (!exists) continue; // the script skips a missing agent file
    const text = await readSource(root, agent);
    if (typeof text === "string") agents.push({ path: agent, source: new SourceFile(agent, text, mode) });
    else skipped.push(text);
  }
  const sources: ProjectSources = { mode, lib, tests, agents };
  const preIntegration: ScanCheckOutcome[] = PRE_INTEGRATION_CHECKS.map((key) => ({
    key,
    name: PRE_INTEGRATION_NAMES[key] ?? key,
    ...PRE_INTEGRATION_RULES[key](sources),
  }));
  const checklistResults = checklistOutcomes(sources);
  const checklist: ScanCheckOutcome[] = CODE_CHECKLIST_KEYS.map((key) => ({
    key,
    name: PLAN_READINESS_CHECKS.find((c) => c.key === key)?.name ?? key,
    ...checklistResults[key],
  }));
  skipped.sort((a, b) => byCodePoint(a.file, b.file));
  return {
    root,
    mode,
    scannedAt: (options.now ?? (() => new Date()))().toISOString(),
    durationMs: Math.round(performance.now() - started),
    filesScanned: lib.length + tests.length,
    preIntegration,
    checklist,
    skipped,
    passed: preIntegration.every((check) => check.status === "passed"),
  };
}
