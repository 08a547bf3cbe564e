import { describe, expect, it } from "vitest";
import { PLAN_READINESS_CHECKS } from "../rollout/plan";
import { runChanges } from "./changes";
import { ciOutcome, scanOutcome, SOURCE_OF, summarizeRun, type CheckOutcome } from "./checks";
import { alertsOutcome, monitoringOutcome, performanceOutcome, rollbackOutcome } from "./live-checks";
import type { ScanReport } from "./scan-report";

const at = new Date("2026-12-04T12:00:00Z");
const definitions = PLAN_READINESS_CHECKS.map(({ key, category, name }) => ({ key, category, name }));
const outcome = (key: string, status: CheckOutcome["status"]): CheckOutcome => ({
  key,
  status,
  source: SOURCE_OF[key]!,
  summary: "",
  evidence: {},
  evidenceUrl: null,
  observedAt: at,
});

describe("the checklist's sources", () => {
  it("gives each of the plan's 17 checks exactly one source: 6 from the scan, 7 from CI, 4 live", () => {
    expect(Object.keys(SOURCE_OF).sort()).toEqual(definitions.map((d) => d.key).sort());
    const count = (source: string) => Object.values(SOURCE_OF).filter((s) => s === source).length;
    expect([count("scan"), count("ci"), count("live")]).toEqual([6, 7, 4]);
  });
});

describe("a run's verdict", () => {
  it("is READY only when all 17 passed; unknown counts as not passed", () => {
    const all = definitions.map((d) => outcome(d.key, "passed"));
    expect(summarizeRun(definitions, all)).toMatchObject({ ready: true, passed: 17, total: 17 });
    const oneUnknown = all.map((o) => (o.key === "testing.async_tests" ? { ...o, status: "unknown" as const } : o));
    const verdict = summarizeRun(definitions, oneUnknown);
    expect(verdict).toMatchObject({ ready: false, passed: 16, total: 17 });
    expect(verdict.categories).toContainEqual({ category: "testing", passed: 2, total: 3 });
    expect(verdict.categories.map((c) => `${c.category} ${c.total}`)).toEqual([
      "architecture 4",
      "state_management 3",
      "error_handling 3",
      "testing 3",
      "operations 4",
    ]);
  });

  it("a check missing from the outcomes is not passed", () => {
    expect(summarizeRun(definitions, []).passed).toBe(0);
  });
});

describe("evidence to outcome", () => {
  const report: ScanReport = {
    root: "/p",
    mode: "plan",
    scannedAt: at.toISOString(),
    durationMs: 1,
    filesScanned: 1,
    preIntegration: [],
    checklist: [
      {
        key: "testing.no_test_sleep",
        name: "x",
        status: "failed",
        issues: ["Process.sleep found in tests: a"],
        findings: [],
      },
    ],
    skipped: [],
    passed: false,
  };
  it("a scan without a verdict for a check, or no scan, is unknown", () => {
    expect(scanOutcome("error_handling.no_catch_all", { report, runId: 1 }, "").status).toBe("unknown");
    expect(scanOutcome("testing.no_test_sleep", null, "No scan.")).toMatchObject({
      status: "unknown",
      summary: "No scan.",
    });
    expect(scanOutcome("testing.no_test_sleep", { report, runId: 1 }, "")).toMatchObject({
      status: "failed",
      summary: "Process.sleep found in tests: a",
    });
  });
  it("a CI check without a report is unknown; with one it carries the URL", () => {
    expect(ciOutcome("testing.async_tests", null, 24)).toMatchObject({ status: "unknown", evidenceUrl: null });
    const report = {
      key: "testing.async_tests",
      status: "passed" as const,
      evidenceUrl: "https://ci/1",
      reportedAt: at,
      reportedBy: "ci",
      runId: 3,
    };
    expect(ciOutcome("testing.async_tests", report, 24)).toMatchObject({
      status: "passed",
      evidenceUrl: "https://ci/1",
    });
  });
  it("live checks: silence fails monitoring; too few responses is unknown, never a pass; 100 ms is not under 100", () => {
    expect(monitoringOutcome(at, { reports: 0, nodes: [], newestSampleAt: null }).status).toBe("failed");
    expect(monitoringOutcome(at, { reports: 3, nodes: ["a@h"], newestSampleAt: at }).status).toBe("passed");
    expect(performanceOutcome(at, { responseCount: 99, responseSumMs: 99, minSamples: 100 }).status).toBe("unknown");
    expect(performanceOutcome(at, { responseCount: 100, responseSumMs: 9_999, minSamples: 100 }).status).toBe("passed");
    expect(performanceOutcome(at, { responseCount: 100, responseSumMs: 10_000, minSamples: 100 }).status).toBe(
      "failed",
    );
    expect(
      alertsOutcome(at, {
        thresholds: [{ metric: "error_rate", enabled: true }],
        webhooks: [{ name: "x", enabled: false }],
      }),
    ).toMatchObject({
      status: "failed",
      summary: /no webhook is enabled/,
    });
    expect(
      alertsOutcome(at, {
        thresholds: [{ metric: "error_rate", enabled: true }],
        webhooks: [{ name: "x", enabled: true }],
      }).status,
    ).toBe("passed");
    expect(rollbackOutcome(at, null).status).toBe("failed");
  });
});

describe("what changed between runs", () => {
  const finding = (fingerprint: string, line: number) => ({
    rule: "r",
    file: "a.ex",
    line,
    column: 1,
    text: "t",
    enclosing: null,
    fingerprint,
  });
  it("lists flipped checks and findings added or removed by fingerprint, ignoring moved lines", () => {
    const changes = runChanges(
      1,
      [{ key: "k", name: "K", status: "failed", findings: [finding("f1", 10), finding("f2", 20)] }],
      [
        { key: "k", name: "K", status: "failed", findings: [finding("f1", 14), finding("f3", 30)] },
        { key: "n", name: "N", status: "passed", findings: [] },
      ],
    );
    expect(changes.flipped).toEqual([{ key: "n", name: "N", from: null, to: "passed" }]);
    expect(changes.findingsAdded.map((f) => f.fingerprint)).toEqual(["f3"]);
    expect(changes.findingsRemoved.map((f) => f.fingerprint)).toEqual(["f2"]);
  });
});
