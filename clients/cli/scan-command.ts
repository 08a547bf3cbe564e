// `phasegate scan PATH`: the plan's pre-integration check on an Elixir project, offline. The report goes to stdout
// in the chosen format (human, json, sarif, codeclimate), so CI can redirect it to a file; --post also sends the run
// to Phasegate (POST /api/v1/readiness/runs, an ingest-scope token), whose answer goes to stderr.
// Exit codes: 0 every check passed, 1 a check failed, 2 usage or a path that cannot be scanned, 3 Phasegate
// unreachable or the token refused (with --post).
import { parseArgs } from "node:util";
import { toCodeClimate, toSarif } from "../../lib/readiness/scan-ci-formats";
import { humanSummary } from "../../lib/readiness/scan-formats";
import type { ScanReport } from "../../lib/readiness/scan-report";
import { ScanInputError, scanProject } from "../../lib/readiness/scan-service";

export const SCAN_USAGE = `usage: phasegate scan PATH [--strict] [--format human|json|sarif|codeclimate] [--post]
  PATH      an Elixir project root (mix.exs or lib/); findings' paths are relative to it
  --strict  ignore comments, strings, heredocs and sigils, and report simple error tuples
  --post    send the run to Phasegate (PHASEGATE_URL, PHASEGATE_TOKEN with the ingest scope)`;

const FORMATS = ["human", "json", "sarif", "codeclimate"] as const;
type Format = (typeof FORMATS)[number];

/** POSTs a JSON body to a Phasegate path; throws an error with a numeric `code` (the exit code) when it fails. */
export type Poster = (path: string, body: unknown) => Promise<Record<string, unknown>>;

export type ScanResult = { code: number; out: string; err: string };

function render(report: ScanReport, format: Format): string {
  switch (format) {
    case "json":
      return JSON.stringify(report, null, 2);
    case "sarif":
      return JSON.stringify(toSarif(report), null, 2);
    case "codeclimate":
      return JSON.stringify(toCodeClimate(report), null, 2);
    default:
      return humanSummary(report);
  }
}

export const anyCheckFailed = (report: ScanReport) =>
  [...report.preIntegration, ...report.checklist].some((check) => check.status === "failed");

export async function runScan(argv: string[], post: () => Poster): Promise<ScanResult> {
  const usage = (message: string): ScanResult => ({
    code: 2,
    out: "",
    err: `phasegate scan: ${message}\n${SCAN_USAGE}`,
  });
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        strict: { type: "boolean", default: false },
        format: { type: "string", default: "human" },
        json: { type: "boolean", default: false },
        post: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { code: 0, out: SCAN_USAGE, err: "" };
  if (positionals.length !== 1) return usage(positionals.length ? "one PATH only" : "PATH is missing");
  const format = (values.json ? "json" : values.format) as Format;
  if (!FORMATS.includes(format)) return usage(`--format must be one of ${FORMATS.join(", ")}, not "${format}"`);
  let send: Poster | null = null;
  if (values.post) {
    try {
      send = post(); // checks PHASEGATE_URL and PHASEGATE_TOKEN before the scan
    } catch (error) {
      return { code: exitCode(error, 2), out: "", err: `phasegate scan: ${(error as Error).message}` };
    }
  }
  let report: ScanReport;
  try {
    report = await scanProject(positionals[0]!, { mode: values.strict ? "strict" : "plan" });
  } catch (error) {
    if (error instanceof ScanInputError) return usage(error.message);
    throw error;
  }
  const out = render(report, format);
  const code = anyCheckFailed(report) ? 1 : 0;
  if (!send) return { code, out, err: "" };
  try {
    const answer = await send("/api/v1/readiness/runs", { scan: report });
    const id = typeof answer.id === "string" ? ` (run ${answer.id})` : "";
    return { code, out, err: `phasegate scan: posted to Phasegate${id}` };
  } catch (error) {
    return { code: exitCode(error, 3) === 2 ? 2 : 3, out, err: `phasegate scan: ${(error as Error).message}` };
  }
}

function exitCode(error: unknown, fallback: number): number {
  const code = (error as { code?: unknown }).code;
  return typeof code === "number" ? code : fallback;
}
