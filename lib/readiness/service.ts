// Readiness runs: gather the evidence (the posted or latest scan, live data now, CI reports within the age limit),
// decide every check (checks.ts), and store the run with its results through the one write path, announced as
// readiness.completed so the page and the Rollout page's gates update live. Reads for the page and the history.
import "server-only";
import { openAlert } from "../alerts/service";
import type { AuditActor } from "../audit/record";
import { now } from "../clock";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { readinessSettings, testClockEnabled } from "../env";
import { commitChange } from "../events/change-service";
import { AppError } from "../http/errors";
import { runChanges, type ComparableResult } from "./changes";
import {
  ciOutcome,
  notPassed,
  scanOutcome,
  SOURCE_OF,
  summarizeRun,
  type CheckDefinition,
  type CheckOutcome,
  type CiReport,
  type ScanEvidence,
} from "./checks";
import { readLiveChecks } from "./live-service";
import { ScanInputError, scanProject } from "./scan-service";
import type { PostRunInput, RunListQuery } from "./schemas";
import type { ScanFinding, ScanReport } from "./scan-report";
import {
  toReadinessChecklistDto,
  toResultDto,
  toRunSummaryDto,
  toScanDto,
  type ReadinessChecklistDto,
  type ReadinessLatestDto,
  type ReadinessRunDto,
  type ReadinessRunListDto,
} from "./serializers";

export type RunCaller = { actor: AuditActor; requestId: string };
export type RunOrigin = "api" | "page" | "seed";

export async function getChecklist(): Promise<ReadinessChecklistDto> {
  const checks = await db().readinessCheck.findMany({ orderBy: [{ position: "asc" }] });
  return toReadinessChecklistDto(checks);
}

async function checkDefinitions(): Promise<CheckDefinition[]> {
  const rows = await db().readinessCheck.findMany({
    orderBy: [{ position: "asc" }],
    select: { key: true, category: true, name: true },
  });
  if (rows.length === 0)
    throw new AppError("unavailable", "The readiness checklist has not been loaded yet; restart Phasegate to load it.");
  return rows;
}

const hoursBefore = (at: Date, hours: number) => new Date(at.getTime() - hours * 3_600_000);

/** The newest posted scan, when it was taken within the age limit. */
async function latestScan(at: Date, maxAgeHours: number) {
  const rows = await db().$queryRaw<{ id: number; scan: ScanReport }[]>`
    SELECT id, scan FROM readiness_runs WHERE scan IS NOT NULL ORDER BY id DESC LIMIT 1`;
  const row = rows[0];
  if (!row) return { scan: null, reason: "No scan has been posted yet (phasegate scan PATH --post)." };
  if (new Date(row.scan.scannedAt) < hoursBefore(at, maxAgeHours))
    return {
      scan: null,
      reason: `The latest scan (run #${row.id}, ${row.scan.scannedAt}) is older than ${maxAgeHours} h; post a new one.`,
    };
  return { scan: { report: row.scan, runId: row.id }, reason: "" };
}

/** Per CI-reported check, its newest report within the age limit (carried from run to run until it expires). */
async function latestCiReports(at: Date, maxAgeHours: number): Promise<Map<string, CiReport>> {
  const rows = await db().$queryRaw<
    {
      run_id: number;
      key: string;
      status: "passed" | "failed";
      evidence_url: string;
      observed_at: Date;
      evidence: { reportedBy?: string; runId?: number | null };
    }[]
  >`SELECT DISTINCT ON (key) run_id, key, status, evidence_url, observed_at, evidence FROM readiness_results
    WHERE source = 'ci' AND status IN ('passed', 'failed') AND observed_at >= ${hoursBefore(at, maxAgeHours)}
    ORDER BY key, observed_at DESC, run_id DESC`;
  return new Map(
    rows.map((r) => [
      r.key,
      {
        key: r.key,
        status: r.status,
        evidenceUrl: r.evidence_url,
        reportedAt: r.observed_at,
        reportedBy: r.evidence.reportedBy ?? "CI",
        runId: r.evidence.runId ?? r.run_id,
      },
    ]),
  );
}

/** Records a run from what CI or the CLI posted (or nothing: the latest scan and reports, live data now). */
export async function recordRun(
  input: PostRunInput,
  caller: RunCaller,
  origin: RunOrigin = "api",
): Promise<ReadinessRunDto> {
  const at = now();
  const { maxAgeHours } = readinessSettings();
  const definitions = await checkDefinitions();
  const [scanned, ciReports, live] = await Promise.all([
    input.scan ? { scan: { report: input.scan, runId: null }, reason: "" } : latestScan(at, maxAgeHours),
    latestCiReports(at, maxAgeHours),
    readLiveChecks(at),
  ]);
  for (const r of input.reported ?? [])
    ciReports.set(r.key, {
      key: r.key,
      status: r.status,
      evidenceUrl: r.evidenceUrl!,
      reportedAt: at,
      reportedBy: caller.actor.label,
      runId: null,
    });
  const outcomes = definitions.map((d): CheckOutcome => {
    switch (SOURCE_OF[d.key]) {
      case "ci":
        return ciOutcome(d.key, ciReports.get(d.key) ?? null, maxAgeHours);
      case "live":
        return live.find((o) => o.key === d.key)!;
      default:
        return scanOutcome(d.key, scanned.scan, scanned.reason);
    }
  });
  const id = await storeRun(definitions, outcomes, {
    at,
    origin,
    caller,
    postedScan: input.scan ?? null,
    scanRunId: scanned.scan?.runId ?? null,
  });
  return getRun(id);
}

type StoreOptions = {
  at: Date;
  origin: RunOrigin;
  caller: RunCaller;
  postedScan: ScanReport | null;
  scanRunId: number | null;
};

/** Writes the run and its results, announces readiness.completed, and opens an alert when readiness was lost. */
export async function storeRun(
  definitions: readonly CheckDefinition[],
  outcomes: readonly CheckOutcome[],
  options: StoreOptions,
): Promise<number> {
  const verdict = summarizeRun(definitions, outcomes);
  const name = (key: string) => definitions.find((d) => d.key === key)?.name ?? key;
  return commitChange(options.caller, async (tx, emit) => {
    const previous = await tx.readinessRun.findFirst({
      orderBy: { id: "desc" },
      select: { id: true, ready: true, results: { where: { source: "live" }, select: { key: true, status: true } } },
    });
    const run = await tx.readinessRun.create({
      data: {
        at: options.at,
        ready: verdict.ready,
        passed: verdict.passed,
        total: verdict.total,
        categories: verdict.categories,
        origin: options.origin,
        actor: options.caller.actor.label,
        scan: options.postedScan ? (options.postedScan as unknown as Prisma.InputJsonValue) : undefined,
      },
    });
    const scanRunId = options.postedScan ? run.id : options.scanRunId;
    if (scanRunId !== null) await tx.readinessRun.update({ where: { id: run.id }, data: { scanRunId } });
    await tx.readinessResult.createMany({
      data: outcomes.map((o) => ({
        runId: run.id,
        key: o.key,
        status: o.status,
        source: o.source,
        summary: o.summary.slice(0, 2000),
        evidence: withRunIds(o, run.id) as Prisma.InputJsonValue,
        evidenceUrl: o.evidenceUrl,
        observedAt: o.observedAt,
      })),
    });
    const missing = notPassed(outcomes).map((o) => ({ key: o.key, status: o.status }));
    await emit(
      "readiness.completed",
      { id: String(run.id), ready: verdict.ready },
      {
        target: { type: "readiness_run", id: String(run.id) },
        after: {
          verdict: verdict.ready ? "READY" : "NOT READY",
          passed: verdict.passed,
          total: verdict.total,
          origin: options.origin,
          notPassed: missing,
        },
      },
    );
    const liveTurnedFailed = outcomes.filter(
      (o) =>
        o.source === "live" &&
        o.status === "failed" &&
        previous?.results.find((r) => r.key === o.key)?.status === "passed",
    );
    if ((previous?.ready && !verdict.ready) || liveTurnedFailed.length) {
      const lost = previous?.ready && !verdict.ready;
      await openAlert(tx, emit, {
        kind: "readiness",
        severity: "warning",
        title: lost
          ? `Readiness lost: run #${run.id} is NOT READY`
          : `Readiness: a live check failed in run #${run.id}`,
        detail: [
          ...(liveTurnedFailed.length
            ? [`Turned failed: ${liveTurnedFailed.map((o) => `${name(o.key)} (${o.summary})`).join("; ")}.`]
            : []),
          ...(lost ? [`Not passed: ${missing.map((m) => `${name(m.key)} ${m.status}`).join(", ")}.`] : []),
        ].join(" "),
      });
    }
    return run.id;
  });
}

/** Evidence that points at "this run" (null) names it, so a later run that carries it points back here. */
function withRunIds(outcome: CheckOutcome, runId: number): Record<string, unknown> {
  const evidence = outcome.evidence as Partial<ScanEvidence> & { runId?: number | null };
  if (outcome.source === "scan" && evidence.scanRunId === null) return { ...evidence, scanRunId: runId };
  if (outcome.source === "ci" && evidence.runId === null) return { ...evidence, runId };
  return evidence;
}

const runSelect = {
  id: true,
  at: true,
  ready: true,
  passed: true,
  total: true,
  categories: true,
  origin: true,
  actor: true,
  scanRunId: true,
} as const;

export async function listRuns(query: RunListQuery): Promise<ReadinessRunListDto> {
  const rows = await db().readinessRun.findMany({
    where: query.before ? { id: { lt: query.before } } : {},
    orderBy: { id: "desc" },
    take: query.limit + 1,
    select: runSelect,
  });
  const page = rows.slice(0, query.limit);
  return { runs: page.map(toRunSummaryDto), nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
}

const findingsOf = (evidence: unknown): ScanFinding[] => {
  const findings = (evidence as { findings?: unknown } | null)?.findings;
  return Array.isArray(findings) ? (findings as ScanFinding[]) : [];
};

async function comparable(runId: number, names: Map<string, CheckDefinition>): Promise<ComparableResult[]> {
  const rows = await db().readinessResult.findMany({
    where: { runId },
    select: { key: true, status: true, evidence: true },
  });
  return rows.map((r) => ({
    key: r.key,
    name: names.get(r.key)?.name ?? r.key,
    status: r.status as ComparableResult["status"],
    findings: findingsOf(r.evidence),
  }));
}

export async function getRun(id: number): Promise<ReadinessRunDto> {
  const client = db();
  const [run, definitions] = await Promise.all([
    client.readinessRun.findUnique({ where: { id }, select: { ...runSelect, results: true } }),
    client.readinessCheck.findMany({ orderBy: { position: "asc" }, select: { key: true, category: true, name: true } }),
  ]);
  if (!run) throw new AppError("not_found", `No readiness run #${id}.`);
  const names = new Map(definitions.map((d) => [d.key, d]));
  const order = (key: string) => definitions.findIndex((d) => d.key === key);
  const results = [...run.results]
    .sort((a, b) => order(a.key) - order(b.key))
    .map((r) => toResultDto(r, names.get(r.key) ?? { category: "other", name: r.key }));
  const [scanRow, previous] = await Promise.all([
    run.scanRunId === null
      ? null
      : client.$queryRaw<{ scan: ScanReport }[]>`SELECT scan FROM readiness_runs WHERE id = ${run.scanRunId}`,
    client.readinessRun.findFirst({ where: { id: { lt: id } }, orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  const scan = scanRow?.[0]?.scan ? toScanDto(run.scanRunId!, scanRow[0].scan) : null;
  const changes = previous
    ? runChanges(
        previous.id,
        await comparable(previous.id, names),
        results.map((r) => ({ key: r.key, name: r.name, status: r.status, findings: findingsOf(r.evidence) })),
      )
    : null;
  return { ...toRunSummaryDto(run), results, scan, changes };
}

export async function getLatestRun(): Promise<ReadinessLatestDto> {
  const settings = readinessSettings();
  const latest = await db().readinessRun.findFirst({ orderBy: { id: "desc" }, select: { id: true, at: true } });
  return {
    stale: latest !== null && now().getTime() - latest.at.getTime() > settings.maxAgeHours * 3_600_000,
    run: latest ? await getRun(latest.id) : null,
    project: { configured: settings.projectPath !== null, path: settings.projectPath },
    maxAgeHours: settings.maxAgeHours,
  };
}

/**
 * Tests and journeys only (lib/readiness/testing/ready.ts; POST /api/v1/test-readiness with PHASEGATE_TEST_CLOCK=1):
 * a READY run whose every check says it was seeded, so tests that are about something else can advance past the
 * readiness gate. Stored and announced exactly like a real run; the evidence names the seed, never a real source.
 */
export async function seedReadyRun(caller: RunCaller): Promise<ReadinessRunDto> {
  const at = now();
  const definitions = await checkDefinitions();
  const outcomes = definitions.map((d): CheckOutcome => ({
    key: d.key,
    status: "passed",
    source: SOURCE_OF[d.key] ?? "scan",
    summary: "Seeded as passed by a test helper (not real evidence).",
    evidence: { seeded: true },
    evidenceUrl: null,
    observedAt: at,
  }));
  const id = await storeRun(definitions, outcomes, { at, origin: "seed", caller, postedScan: null, scanRunId: null });
  return getRun(id);
}

/** POST /api/v1/test-readiness: the seed, refused (404) unless the server runs with PHASEGATE_TEST_CLOCK=1. */
export function seedReadyRunOnTestServer(caller: RunCaller): Promise<ReadinessRunDto> {
  if (!testClockEnabled()) throw new AppError("not_found", "Seeding readiness is only for test servers.");
  return seedReadyRun(caller);
}

/** "Run now" on the Readiness page: scan the configured project (PHASEGATE_READINESS_PROJECT), then record a run. */
export async function startRun(caller: RunCaller): Promise<ReadinessRunDto> {
  const { projectPath } = readinessSettings();
  if (!projectPath)
    throw new AppError(
      "conflict",
      "No project path is configured: set PHASEGATE_READINESS_PROJECT to the Elixir project's root to run from here, or post runs from CI (phasegate scan PATH --post).",
    );
  let scan: ScanReport;
  try {
    scan = await scanProject(projectPath, { now });
  } catch (error) {
    if (error instanceof ScanInputError)
      throw new AppError(
        "conflict",
        `The configured project (PHASEGATE_READINESS_PROJECT) cannot be scanned: ${error.message}.`,
      );
    throw error;
  }
  return recordRun({ scan }, caller, "page");
}
