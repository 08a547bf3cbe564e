// Per-line findings: where a rule matched (line, column, the line's text), the enclosing def/defp with its arity,
// and a fingerprint with no line number (rule, file, enclosing function, whitespace-normalised text, and which
// occurrence of that same text it is), so a CI alert stays the same alert when unrelated lines move. Pure.
import { createHash } from "node:crypto";
import type { ScanFinding, ScanMode } from "./scan-report";
import { blankNonCode } from "./elixir-lexer";

const MAX_TEXT = 200;

/** One project file, decoded as latin1 (one character per byte, as Elixir's regexes see it). */
export class SourceFile {
  private blankedCache: string | undefined;
  private lineStartsCache: number[] | undefined;
  private defsCache: Def[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly mode: ScanMode,
  ) {}

  /** Comments, strings, heredocs and sigils blanked, offsets kept. */
  get blanked(): string {
    return (this.blankedCache ??= blankNonCode(this.text));
  }

  /** What the rules read: the raw bytes in plan mode (as the plan's script), code only in strict mode. */
  get code(): string {
    return this.mode === "strict" ? this.blanked : this.text;
  }

  get lineStarts(): number[] {
    if (!this.lineStartsCache) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  get defs(): Def[] {
    return (this.defsCache ??= findDefs(this.blanked, this.text));
  }

  /** 0-based line index of an offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The raw line (latin1) without its newline. */
  rawLine(index: number): string {
    const start = this.lineStarts[index];
    const next = this.lineStarts[index + 1];
    return this.text.slice(start, next === undefined ? undefined : next - 1);
  }
}

type Def = { name: string; line: number; indent: number; endLine: number };

const utf8 = (latin1: string) => Buffer.from(latin1, "latin1").toString("utf8");

const DEF_LINE = /^([ \t]*)(?:defp?|defmacrop?)[ \t]+([a-z_][A-Za-z0-9_]*[?!]?)/;
const TEST_LINE = /^([ \t]*)test[ \t]+"/; // ExUnit's `test "name" do`: its name is in the raw line
const TEST_NAME = /^[ \t]*test[ \t]+"((?:[^"\\]|\\.)*)"/;

/** def/defp/defmacro heads with arity, and ExUnit tests by name, with the line range of their body (by
 * indentation, as mix format lays out). `code` has strings blanked; `raw` is the same text unblanked. */
function findDefs(code: string, raw: string): Def[] {
  const lines = code.split("\n");
  const rawLines = raw.split("\n");
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const defs: Def[] = [];
  lines.forEach((line, index) => {
    const head = DEF_LINE.exec(line);
    const test = head ? null : TEST_LINE.exec(line);
    if (!head && !test) return;
    const indent = (head ?? test)![1]!.length;
    let endLine = lines.length - 1;
    for (let k = index + 1; k < lines.length; k++) {
      const line = lines[k]!;
      const trimmed = line.trim();
      if (trimmed === "" || indentOf(line) > indent) continue;
      if (indentOf(line) === indent && /^(rescue|catch|else|after)\b/.test(trimmed)) continue; // implicit try
      endLine = /^end\b/.test(trimmed) ? k : k - 1;
      break;
    }
    const name = head
      ? `${head[2]!}/${arity(lines, index, head[0].length)}`
      : `test "${utf8(TEST_NAME.exec(rawLines[index] ?? "")?.[1] ?? "")}"`;
    defs.push({ name, line: index, indent, endLine });
  });
  return defs;
}

/** Top-level commas between the parentheses after a def's name (possibly over several lines). */
function arity(lines: string[], lineIndex: number, column: number): number {
  const rest = lines.slice(lineIndex).join("\n").slice(column);
  const open = /^[ \t]*\(/.exec(rest);
  if (!open) return 0;
  let depth = 0;
  let commas = 0;
  let empty = true;
  for (let i = open[0].length - 1; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) break;
    } else if (c === "," && depth === 1) commas++;
    else if (depth >= 1 && !/\s/.test(c)) empty = false;
  }
  return empty ? 0 : commas + 1;
}

function enclosing(source: SourceFile, line: number): string | null {
  let found: Def | null = null;
  for (const def of source.defs) {
    if (def.line > line) break;
    if (line <= def.endLine) found = def;
  }
  return found?.name ?? null;
}

export const normaliseText = (text: string) => text.replace(/\s+/g, " ").trim();

/** Every match of a global regex in the file's code, as findings (fingerprints are set by `fingerprintAll`). */
export function findAll(source: SourceFile, rule: string, regex: RegExp): ScanFinding[] {
  const findings: ScanFinding[] = [];
  for (const match of source.code.matchAll(regex)) {
    const start = match.index;
    findings.push(findingAt(source, rule, start, start + Math.max(match[0].length - 1, 0)));
  }
  return findings;
}

/** A finding for a whole-file rule (e.g. a missing `use`), placed at `offset` (default: the file's start). */
export function findingAt(source: SourceFile, rule: string, start: number, end = start): ScanFinding {
  const first = source.lineOf(start);
  const last = source.lineOf(end);
  const lines: string[] = [];
  for (let k = first; k <= last; k++) lines.push(source.rawLine(k).trim());
  const prefix = source.text.slice(source.lineStarts[first], start);
  return {
    rule,
    file: source.file,
    line: first + 1,
    column: utf8(prefix).length + 1,
    text: utf8(lines.filter(Boolean).join(" ")).slice(0, MAX_TEXT),
    enclosing: enclosing(source, first),
    fingerprint: "",
  };
}

/** Fingerprints for a report's findings: the n-th identical (rule, file, enclosing, text) gets occurrence n. */
export function fingerprintAll(findings: ScanFinding[]): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const identity = [finding.rule, finding.file, finding.enclosing ?? "", normaliseText(finding.text)].join("\0");
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    finding.fingerprint = createHash("sha256").update(`${identity}\0${occurrence}`).digest("hex").slice(0, 32);
  }
}
