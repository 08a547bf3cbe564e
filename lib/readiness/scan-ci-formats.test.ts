// SARIF checked against the OASIS SARIF 2.1.0 schema (shipped in @microsoft/jest-sarif) and against what GitHub
// code scanning requires on upload (a ruleId known to the driver, a file location with a line, at most 20 runs,
// partialFingerprints so alerts track across commits); the Code Climate subset GitLab's code-quality widget reads.
import { createRequire } from "node:module";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { toCodeClimate, toSarif } from "./scan-ci-formats";
import { scanProject } from "./scan-service";

const require = createRequire(import.meta.url);
const FIXTURE = `${import.meta.dirname}/testing/fixture-project`;

function sarifValidator() {
  const ajv = new Ajv({ schemaId: "id", allErrors: true, unknownFormats: "ignore", logger: false });
  ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json"));
  return ajv.compile(require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"));
}

describe("SARIF", () => {
  it("is valid SARIF 2.1.0 with what GitHub code scanning needs for every finding", async () => {
    const report = await scanProject(FIXTURE, { mode: "strict" });
    const log = toSarif(report);
    const validate = sarifValidator();
    expect(validate(JSON.parse(JSON.stringify(log))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ version: "2.1.0", runs: [{ results: [] }] })).toBe(false); // the schema bites: no tool

    const [run] = log.runs;
    const rules = run!.tool.driver.rules!;
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    const findings = new Set(
      [...report.preIntegration, ...report.checklist].flatMap((c) => c.findings.map((f) => f.fingerprint)),
    );
    expect(run!.results).toHaveLength(findings.size);
    for (const result of run!.results!) {
      expect(rules[result.ruleIndex!]?.id).toBe(result.ruleId);
      const location = result.locations![0]!.physicalLocation!;
      expect(location.artifactLocation!.uri).toMatch(/^(lib|test)\/[^/]/);
      expect(location.region!.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints!["phasegateFinding/v1"]).toMatch(/^[0-9a-f]{32}$/);
      expect(result.message.text).toMatch(/\S/);
    }
  });

  it("a clean project gives a valid log with no results", async () => {
    const report = await scanProject(FIXTURE, { mode: "strict", criticalAgents: [] });
    const empty = { ...report, preIntegration: [], checklist: [] };
    const log = toSarif(empty);
    expect(sarifValidator()(JSON.parse(JSON.stringify(log)))).toBe(true);
    expect(log.runs[0]!.results).toEqual([]);
  });
});

describe("Code Climate", () => {
  it("has the fields GitLab reads, one issue per distinct finding, with the fingerprint", async () => {
    const report = await scanProject(FIXTURE);
    const issues = toCodeClimate(report);
    expect(issues.length).toBeGreaterThan(0);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    for (const issue of issues) {
      expect(issue).toMatchObject({
        type: "issue",
        check_name: expect.any(String),
        description: expect.any(String),
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        severity: expect.stringMatching(/^(info|minor|major|critical|blocker)$/),
        location: { path: expect.stringMatching(/^(lib|test)\//), lines: { begin: expect.any(Number) } },
      });
    }
    const spawn = issues.find((i) => i.check_name === "raw_spawn" && i.location.path === "lib/fixture/workers.ex");
    expect(spawn).toMatchObject({ severity: "major", location: { lines: { begin: 5 } } });
  });
});
