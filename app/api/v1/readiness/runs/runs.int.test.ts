// Readiness runs through their routes, against a real database: bad input names the field and stores nothing; a run
// combines the posted scan, live data read now and CI reports; no evidence is unknown, never passed; the latest scan
// and CI reports carry to later runs until they expire; the rollout's readiness gate refuses with the failing checks
// listed and honours the age limit on the injectable clock; losing READY opens an alert.
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
vi.hoisted(() => {
  process.env.PHASEGATE_TEST_CLOCK = "1";
});
import { SYSTEM_ACTOR } from "@/lib/audit/record";
import { personCaller, tokenCaller, ANONYMOUS, type Caller } from "@/lib/auth/testing/principals";
import { advanceClock, now } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { reportHealthy } from "@/lib/health/testing/healthy";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import type { ReadinessLatestDto, ReadinessRunDto, ReadinessRunListDto } from "@/lib/readiness/serializers";
import type { ScanReport } from "@/lib/readiness/scan-report";
import { scanProject } from "@/lib/readiness/scan-service";
import { reportReady } from "@/lib/readiness/testing/ready";
import { transition } from "@/lib/rollout/transition-service";
import { createWebhook } from "@/lib/webhooks/service";
import * as advanceRoute from "../../rollout/advance/route";
import * as idRoute from "./[id]/route";
import * as latestRoute from "./latest/route";
import * as runsRoute from "./route";
import * as startRoute from "./start/route";

const CODE_CHECKS = [
  "architecture.no_unsupervised_processes",
  "architecture.monitor_cleanup",
  "state_management.persistent_agents",
  "error_handling.single_error_type",
  "error_handling.no_catch_all",
  "testing.no_test_sleep",
];
const CI = [
  "architecture.no_raw_send",
  "architecture.supervision_strategy",
  "state_management.state_recovery",
  "state_management.no_data_loss",
  "error_handling.error_boundaries",
  "testing.async_tests",
  "testing.integration_tests",
];
const FINDING = {
  rule: "catch_all",
  file: "lib/app/worker.ex",
  line: 12,
  column: 5,
  text: "rescue _ -> :ok",
  enclosing: "handle_call/3",
  fingerprint: "catch_all:lib/app/worker.ex:handle_call/3:rescue _ -> :ok",
};

/** A scan literal in the contract's shape: every code check passed, except those given findings. */
function scan(failing: Record<string, (typeof FINDING)[]> = {}, at = now()): ScanReport {
  return {
    root: "/srv/app",
    mode: "plan",
    scannedAt: at.toISOString(),
    durationMs: 12,
    filesScanned: 40,
    preIntegration: [{ key: "error_handling", name: "Error handling", status: "passed", issues: [], findings: [] }],
    checklist: CODE_CHECKS.map((key) => ({
      key,
      name: key,
      status: failing[key] ? "failed" : "passed",
      issues: failing[key] ? [`Dangerous error handling in: ${failing[key][0]!.file}`] : [],
      findings: failing[key] ?? [],
    })),
    skipped: [],
    passed: Object.keys(failing).length === 0,
  };
}
const allCi = (status: "passed" | "failed" = "passed") =>
  CI.map((key, i) => ({ key, status, evidenceUrl: `https://ci.example.com/jobs/${i}` }));

let ci: Caller;
let operator: Caller;
let viewer: Caller;
let admin: Caller;
beforeAll(async () => {
  ci = await tokenCaller(["ingest"]);
  operator = await personCaller("operator");
  viewer = await personCaller("viewer");
  admin = await personCaller("admin");
});

const post = (body: unknown, caller: Caller = ci) =>
  callRoute(runsRoute.POST, "/api/v1/readiness/runs", { body, headers: caller.headers });
async function posted(body: unknown, caller: Caller = ci) {
  const response = await post(body, caller);
  expect(response.status, await response.clone().text()).toBe(201);
  return jsonOf<ReadinessRunDto>(response);
}
const result = (run: ReadinessRunDto, key: string) => run.results.find((r) => r.key === key)!;
const runCount = () => db().readinessRun.count();

/** The live checks' real evidence: steady telemetry, an enabled webhook, and a rollback performed. */
async function liveEvidence() {
  await reportHealthy();
  if (!(await db().webhook.count({ where: { enabled: true } })))
    await createWebhook(
      { name: "ops pager", url: "https://hooks.example.com/ops", events: ["alert.opened"] },
      SYSTEM_ACTOR,
      "t",
    );
  if (!(await db().auditEvent.count({ where: { action: "phase.rolled_back" } }))) {
    await db().rolloutState.update({
      where: { id: 1 },
      data: { currentPhase: 3, status: "active", enteredAt: new Date() },
    });
    await transition(
      "rollback",
      { reason: "rollback drill" },
      { actor: SYSTEM_ACTOR, requestId: "t", mayOverride: false },
    );
  }
}

describe("posting a readiness run", () => {
  it("refuses bad input with 400 naming the field, storing nothing", async () => {
    const before = await runCount();
    const cases: [unknown, string][] = [
      [{ reported: [{ key: "testing.integration_tests", status: "passed" }] }, "body.reported.0.evidenceUrl"],
      [
        { reported: [{ key: "testing.no_test_sleep", status: "passed", evidenceUrl: "https://ci.example.com/1" }] },
        "body.reported.0.key",
      ],
      [
        { reported: [{ key: "testing.async_tests", status: "maybe", evidenceUrl: "https://ci.example.com/1" }] },
        "body.reported.0.status",
      ],
      [
        { reported: [{ key: "testing.async_tests", status: "passed", evidenceUrl: "javascript:alert(1)" }] },
        "body.reported.0.evidenceUrl",
      ],
      [{ scan: { ...scan(), scannedAt: "yesterday" } }, "body.scan.scannedAt"],
      [{ scan: { ...scan(), checklist: [{ ...scan().checklist[0]!, key: "nope" }] } }, "body.scan.checklist.0.key"],
      [
        { scan: { ...scan(), checklist: [{ ...scan().checklist[0]!, findings: [{ ...FINDING, line: 0 }] }] } },
        "body.scan.checklist.0.findings.0.line",
      ],
      [{ scan: scan(), extra: true }, "body"],
    ];
    for (const [body, field] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      const problem = await jsonOf<{ invalid_params: { name: string }[]; detail: string }>(response);
      expect(problem.invalid_params.map((p) => p.name)).toContain(field);
    }
    expect(await runCount()).toBe(before);
  });

  it("admits an ingest token or an operator, refuses a viewer and anonymous callers", async () => {
    const before = await runCount();
    expect((await post({}, viewer)).status).toBe(403);
    expect((await post({}, ANONYMOUS)).status).toBe(401);
    expect((await post({}, await tokenCaller(["evaluate"]))).status).toBe(403);
    expect(await runCount()).toBe(before);
    expect((await post({}, operator)).status).toBe(201);
    expect((await post({})).status).toBe(201);
  });
});

describe("the scanner's report", () => {
  it("as phasegate scan --post sends it, the route accepts it whole and records its findings", async () => {
    const report = await scanProject(path.join(process.cwd(), "lib/readiness/testing/fixture-project"), { now });
    const run = await posted({ scan: report });
    expect(run.scanRunId).toBe(run.id);
    for (const outcome of report.checklist) {
      const stored = result(run, outcome.key);
      expect(stored.status, outcome.key).toBe(outcome.status);
      expect((stored.evidence.findings as unknown[]).length, outcome.key).toBe(outcome.findings.length);
    }
  });
});

describe("what a run combines", () => {
  beforeEach(() => advanceClock(48 * 3_600_000)); // past every earlier case's scan and CI reports

  it("with no evidence every check is unknown, never passed, and the run is NOT READY", async () => {
    const run = await posted({});
    for (const key of [...CODE_CHECKS, ...CI]) expect(result(run, key).status).toBe("unknown");
    expect(result(run, "operations.performance").status).toBe("unknown"); // no responses in 30 min
    expect(result(run, "operations.monitoring_active").status).toBe("failed"); // nothing reported: not monitoring
    expect(run.results.filter((r) => r.status === "passed").length).toBe(run.passed);
    expect(run).toMatchObject({ ready: false, verdict: "NOT READY", total: 17 });
    expect(run.categories.map((c) => c.category)).toEqual([
      "architecture",
      "state_management",
      "error_handling",
      "testing",
      "operations",
    ]);
  });

  it("combines the posted scan, live data and CI reports; a finding fails its check with file, line and text", async () => {
    await liveEvidence();
    const run = await posted({ scan: scan({ "error_handling.no_catch_all": [FINDING] }), reported: allCi() });
    expect(result(run, "error_handling.no_catch_all")).toMatchObject({
      status: "failed",
      source: "scan",
      evidence: {
        findings: [expect.objectContaining({ file: "lib/app/worker.ex", line: 12, text: "rescue _ -> :ok" })],
      },
    });
    expect(result(run, "testing.integration_tests")).toMatchObject({
      status: "passed",
      source: "ci",
      evidenceUrl: "https://ci.example.com/jobs/6",
    });
    for (const key of [
      "operations.monitoring_active",
      "operations.alerts_configured",
      "operations.performance",
      "operations.rollback_tested",
    ])
      expect(result(run, key), key).toMatchObject({ status: "passed", source: "live" });
    expect(result(run, "operations.rollback_tested").summary).toMatch(/phase\.rolled_back/);
    expect(run).toMatchObject({ ready: false, passed: 16, total: 17, scanRunId: run.id });
    expect(run.categories.find((c) => c.category === "error_handling")).toEqual({
      category: "error_handling",
      passed: 2,
      total: 3,
    });
    expect(run.scan).toMatchObject({ runId: run.id, root: "/srv/app", filesScanned: 40 });

    // Fixed and posted again: READY, and the page's "what changed" shows the flip and the removed finding.
    const fixed = await posted({ scan: scan() });
    expect(fixed).toMatchObject({ ready: true, verdict: "READY", passed: 17 });
    expect(result(fixed, "testing.integration_tests")).toMatchObject({ status: "passed", evidence: { runId: run.id } });
    expect(fixed.changes).toMatchObject({
      previousRunId: run.id,
      flipped: [{ key: "error_handling.no_catch_all", from: "failed", to: "passed" }],
      findingsAdded: [],
      findingsRemoved: [expect.objectContaining({ fingerprint: FINDING.fingerprint })],
    });

    // A finding that only moved lines keeps its fingerprint: not new; a new one is.
    const moved = await posted({
      scan: scan({
        "error_handling.no_catch_all": [
          { ...FINDING, line: 40 },
          {
            ...FINDING,
            line: 50,
            fingerprint: "catch_all:lib/app/other.ex:run/0:catch _, _",
            file: "lib/app/other.ex",
          },
        ],
      }),
    });
    const again = await posted({ scan: scan({ "error_handling.no_catch_all": [{ ...FINDING, line: 41 }] }) });
    expect(again.changes!.findingsAdded).toEqual([]);
    expect(again.changes!.findingsRemoved.map((f) => f.file)).toEqual(["lib/app/other.ex"]);
    expect(moved.changes!.findingsAdded.map((f) => f.file)).toEqual(["lib/app/worker.ex", "lib/app/other.ex"]);
  });

  it("carries the latest scan and CI reports to a run that posts nothing, until they are older than the limit", async () => {
    const first = await posted({ scan: scan(), reported: allCi() });
    const carried = await posted({});
    expect(carried.scanRunId).toBe(first.id);
    expect(result(carried, "testing.no_test_sleep")).toMatchObject({
      status: "passed",
      evidence: { scanRunId: first.id },
    });
    expect(result(carried, "testing.async_tests")).toMatchObject({ status: "passed", evidence: { runId: first.id } });

    advanceClock(25 * 3_600_000);
    const expired = await posted({});
    expect(result(expired, "testing.no_test_sleep")).toMatchObject({ status: "unknown" });
    expect(result(expired, "testing.no_test_sleep").summary).toMatch(/older than 24 h/);
    expect(result(expired, "testing.async_tests")).toMatchObject({ status: "unknown", evidenceUrl: null });
  });

  it("a failed CI report fails its check; a later passing report replaces it", async () => {
    const failed = await posted({
      reported: [{ key: "state_management.state_recovery", status: "failed", evidenceUrl: "https://ci.example.com/9" }],
    });
    expect(result(failed, "state_management.state_recovery")).toMatchObject({
      status: "failed",
      evidenceUrl: "https://ci.example.com/9",
    });
    const passed = await posted({
      reported: [
        { key: "state_management.state_recovery", status: "passed", evidenceUrl: "https://ci.example.com/10" },
      ],
    });
    expect(result(passed, "state_management.state_recovery")).toMatchObject({
      status: "passed",
      evidenceUrl: "https://ci.example.com/10",
    });
  });
});

describe("reading runs", () => {
  it("pages the history newest first, reads one run, the latest, and 404s an unknown run", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await posted({})).id);
    const first = await jsonOf<ReadinessRunListDto>(
      await callRoute(runsRoute.GET, "/api/v1/readiness/runs", { query: { limit: "2" }, headers: viewer.headers }),
    );
    expect(first.runs.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    const second = await jsonOf<ReadinessRunListDto>(
      await callRoute(runsRoute.GET, "/api/v1/readiness/runs", {
        query: { limit: "2", before: String(first.nextCursor) },
        headers: viewer.headers,
      }),
    );
    expect(second.runs[0]!.id).toBe(ids[0]);
    const bad = await callRoute(runsRoute.GET, "/api/v1/readiness/runs", {
      query: { limit: "0" },
      headers: viewer.headers,
    });
    expect(bad.status).toBe(400);

    const one = await callRoute(idRoute.GET, `/api/v1/readiness/runs/${ids[1]}`, {
      params: { id: String(ids[1]) },
      headers: viewer.headers,
    });
    expect((await jsonOf<ReadinessRunDto>(one)).changes?.previousRunId).toBe(ids[0]);
    const missing = await callRoute(idRoute.GET, "/api/v1/readiness/runs/999999", {
      params: { id: "999999" },
      headers: viewer.headers,
    });
    expect(missing.status).toBe(404);
    const junk = await callRoute(idRoute.GET, "/api/v1/readiness/runs/abc", {
      params: { id: "abc" },
      headers: viewer.headers,
    });
    expect(junk.status).toBe(400);

    const latest = await jsonOf<ReadinessLatestDto>(
      await callRoute(latestRoute.GET, "/api/v1/readiness/runs/latest", { headers: viewer.headers }),
    );
    expect(latest).toMatchObject({ run: { id: ids[2] }, maxAgeHours: 24, stale: false });
  });
});

describe("Run now", () => {
  it("answers 409 naming the setting when no project is configured, and scans the configured project", async () => {
    delete process.env.PHASEGATE_READINESS_PROJECT;
    const before = await runCount();
    const unset = await callRoute(startRoute.POST, "/api/v1/readiness/runs/start", {
      method: "POST",
      headers: operator.headers,
    });
    expect(unset.status).toBe(409);
    expect((await jsonOf<{ detail: string }>(unset)).detail).toMatch(/PHASEGATE_READINESS_PROJECT/);
    process.env.PHASEGATE_READINESS_PROJECT = "/nonexistent/project";
    const missing = await callRoute(startRoute.POST, "/api/v1/readiness/runs/start", {
      method: "POST",
      headers: operator.headers,
    });
    expect(missing.status).toBe(409);
    expect((await jsonOf<{ detail: string }>(missing)).detail).toMatch(/does not exist/);
    expect(await runCount()).toBe(before);

    process.env.PHASEGATE_READINESS_PROJECT = path.join(process.cwd(), "lib/readiness/testing/fixture-project");
    const started = await callRoute(startRoute.POST, "/api/v1/readiness/runs/start", {
      method: "POST",
      headers: operator.headers,
    });
    expect(started.status, await started.clone().text()).toBe(201);
    const run = await jsonOf<ReadinessRunDto>(started);
    expect(run).toMatchObject({ origin: "page", actor: expect.any(String), scanRunId: run.id });
    const spawn = result(run, "architecture.no_unsupervised_processes");
    expect(spawn.status).toBe("failed");
    expect((spawn.evidence.findings as { file: string; line: number }[]).length).toBeGreaterThan(0);
    delete process.env.PHASEGATE_READINESS_PROJECT;
  });
});

describe("the readiness gate on advance", () => {
  const advance = (caller: Caller, body: Record<string, unknown> = {}) =>
    callRoute(advanceRoute.POST, "/api/v1/rollout/advance", {
      body: { reason: "gate test", ...body },
      headers: caller.headers,
    });
  async function atPhase2() {
    await db().rolloutState.update({
      where: { id: 1 },
      data: { currentPhase: 2, status: "active", enteredAt: new Date(Date.now() - 30 * 24 * 3600_000) },
    });
    await reportHealthy();
  }

  it("refuses while the latest run is NOT READY, listing the failing and unknown checks; an admin may override", async () => {
    await atPhase2();
    await posted({ scan: scan({ "error_handling.no_catch_all": [FINDING] }) });
    const refused = await advance(operator);
    expect(refused.status).toBe(409);
    const problem = await jsonOf<{
      unmet: string[];
      detail: string;
      gates: { name: string; evidence: { notPassed: { key: string; status: string }[] } }[];
    }>(refused);
    expect(problem.unmet).toEqual(["readiness"]);
    expect(problem.detail).toMatch(/NOT READY/);
    expect(problem.detail).toMatch(/failed: No catch-all handlers \(error_handling\.no_catch_all\)/);
    expect(problem.detail).toMatch(/unknown: .*testing\.integration_tests/);
    const readiness = problem.gates.find((g) => g.name === "readiness")!;
    expect(readiness.evidence.notPassed).toContainEqual({
      key: "error_handling.no_catch_all",
      name: "No catch-all handlers",
      status: "failed",
    });
    expect((await db().rolloutState.findUniqueOrThrow({ where: { id: 1 } })).currentPhase).toBe(2);

    const overridden = await advance(admin, { override: true, reason: "accepted risk" });
    expect(overridden.status).toBe(200);
    expect(await jsonOf<{ overridden: string[] }>(overridden)).toMatchObject({ overridden: ["readiness"] });
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "rollout.gate_overridden" },
      orderBy: { id: "desc" },
    });
    expect(JSON.stringify(audit.before)).toMatch(/error_handling\.no_catch_all/);
  });

  it("passes with a READY run, and refuses it once older than the limit on the clock; the limit is configurable", async () => {
    await atPhase2();
    await reportReady({ force: true });
    expect((await advance(operator)).status).toBe(200);

    await atPhase2();
    advanceClock(25 * 3_600_000);
    await reportHealthy();
    const stale = await advance(operator);
    expect(stale.status).toBe(409);
    expect((await jsonOf<{ detail: string }>(stale)).detail).toMatch(
      /readiness: The latest readiness run \(#\d+\) is 25\.\d h old; it must be younger than 24 h/,
    );

    process.env.PHASEGATE_READINESS_MAX_AGE_HOURS = "48";
    try {
      expect((await advance(operator)).status).toBe(200);
    } finally {
      delete process.env.PHASEGATE_READINESS_MAX_AGE_HOURS;
    }
  });

  it("with no run at all the gate fails and says how to get one", async () => {
    await db().readinessRun.deleteMany({}); // this file's database only: as before the first run
    await atPhase2();
    const refused = await advance(operator);
    expect(refused.status).toBe(409);
    expect((await jsonOf<{ detail: string }>(refused)).detail).toMatch(/No readiness run yet/);
    process.env.PHASEGATE_READINESS_GATE = "0";
    try {
      expect((await advance(operator)).status).toBe(200);
    } finally {
      delete process.env.PHASEGATE_READINESS_GATE;
    }
  });
});

describe("alerts", () => {
  it("opens a readiness alert when a run is NOT READY after a READY one, or a live check turns failed", async () => {
    await reportReady({ force: true });
    const before = await db().alert.count({ where: { kind: "readiness" } });
    const lost = await posted({});
    expect(lost.ready).toBe(false);
    const alerts = await db().alert.findMany({ where: { kind: "readiness" }, orderBy: { openedAt: "desc" } });
    expect(alerts.length).toBe(before + 1);
    expect(alerts[0]!.title).toBe(`Readiness lost: run #${lost.id} is NOT READY`);
    // NOT READY again: nothing new to say.
    await posted({});
    expect(await db().alert.count({ where: { kind: "readiness" } })).toBe(before + 1);

    // Monitoring was active in the last run; ten silent minutes later it is not: a live check turned failed.
    await reportHealthy();
    expect(result(await posted({}), "operations.monitoring_active").status).toBe("passed");
    advanceClock(10 * 60_000);
    const silent = await posted({});
    expect(result(silent, "operations.monitoring_active").status).toBe("failed");
    const latest = await db().alert.findFirstOrThrow({ where: { kind: "readiness" }, orderBy: { openedAt: "desc" } });
    expect(latest.title).toBe(`Readiness: a live check failed in run #${silent.id}`);
    expect(latest.detail).toMatch(/Turned failed: Monitoring active/);
  });
});
