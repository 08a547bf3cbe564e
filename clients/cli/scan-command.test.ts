// `phasegate scan` as an operator or a CI job runs it: the real bin as a separate process, for exit codes, streams
// and --post through the CLI's real HTTP client to a node:http server that checks what arrives (the
// readiness runs endpoint is built in another branch; this server stands in for it and asserts the contract).
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "@/lib/readiness/scan-report";

const BIN = path.join(import.meta.dirname, "phasegate.mjs");
const FIXTURE = path.join(import.meta.dirname, "../../lib/readiness/testing/fixture-project");
const CLEAN = path.join(import.meta.dirname, "../../lib/readiness/testing/clean-project");

function phasegate(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile("node", [BIN, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

// Each case starts node with tsx (about a second on a loaded machine), hence the longer timeouts.
describe("phasegate scan (the bin)", { timeout: 30_000 }, () => {
  it("prints the plan's summary on stdout and exits 1 when a check fails", async () => {
    const { code, stdout, stderr } = await phasegate(["scan", FIXTURE]);
    expect(code).toBe(1);
    expect(stdout).toContain("Pre-Integration System Check");
    expect(stdout).toContain("    - Found Raw spawn in: lib/fixture/sigils.ex, lib/fixture/workers.ex");
    expect(stdout).toContain("lib/fixture/workers.ex:5:5 (in start_raw/1)  spawn(fn -> job.() end)");
    expect(stderr).toBe("");
  });

  it("exits 0 on a clean project, and the JSON is the report", async () => {
    const { code, stdout } = await phasegate(["scan", CLEAN, "--format", "json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ScanReport;
    expect(report.passed).toBe(true);
    expect(report.checklist.every((c) => c.status === "passed")).toBe(true);
  });

  it("exits 2 on usage errors and paths that cannot be scanned", async () => {
    const cases = [["scan"], ["scan", FIXTURE, "--format", "xml"], ["scan", "/no/such/project"], ["scan", "a", "b"]];
    const results = await Promise.all(cases.map((args) => phasegate(args)));
    results.forEach(({ code, stdout, stderr }, k) => {
      expect(code, cases[k]!.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/^phasegate scan: .+\nusage: phasegate scan PATH/);
    });
  });
});

describe("phasegate scan --post", { timeout: 30_000 }, () => {
  let server: http.Server;
  let url: string;
  const received: { authorization?: string; path?: string; body: unknown }[] = [];
  let answer = { status: 201, body: { id: "run_1" } as Record<string, unknown> };

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({
        authorization: req.headers.authorization,
        path: `${req.method} ${req.url}`,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("sends {scan: report} with the token, and keeps the scan's exit code", async () => {
    answer = { status: 201, body: { id: "run_1" } };
    const result = await phasegate(["scan", FIXTURE, "--post", "--strict"], {
      PHASEGATE_URL: url,
      PHASEGATE_TOKEN: "pg_ingest",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("phasegate scan: posted to Phasegate (run run_1)\n");
    const sent = received.at(-1)!;
    expect(sent.path).toBe("POST /api/v1/readiness/runs");
    expect(sent.authorization).toBe("Bearer pg_ingest");
    const { scan } = sent.body as { scan: ScanReport };
    expect(scan.mode).toBe("strict");
    expect(scan.root).toBe(FIXTURE);
    expect(scan.preIntegration.map((c) => c.key)).toEqual([
      "banned_primitives",
      "monitor_leaks",
      "state_persistence",
      "test_patterns",
      "error_handling",
    ]);
    expect(result.stdout).toContain("Pre-Integration System Check"); // the report is still printed
  });

  it("exits 3 when the token is refused or Phasegate is unreachable, 2 without the environment", async () => {
    answer = { status: 401, body: { detail: "token lacks the ingest scope" } };
    const refused = await phasegate(["scan", CLEAN, "--post"], { PHASEGATE_URL: url, PHASEGATE_TOKEN: "pg_read" });
    expect(refused).toMatchObject({
      code: 3,
      stderr: "phasegate scan: not authorised: token lacks the ingest scope\n",
    });

    const closed = await new Promise<string>((resolve) => {
      const probe = http.createServer().listen(0, "127.0.0.1", () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(`http://127.0.0.1:${port}`));
      });
    });
    const unreachable = await phasegate(["scan", CLEAN, "--post"], { PHASEGATE_URL: closed, PHASEGATE_TOKEN: "x" });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain("cannot reach Phasegate");

    answer = { status: 404, body: {} };
    expect((await phasegate(["scan", CLEAN, "--post"], { PHASEGATE_URL: url, PHASEGATE_TOKEN: "x" })).code).toBe(3);

    const before = received.length;
    const missing = await phasegate(["scan", CLEAN, "--post"], { PHASEGATE_URL: "", PHASEGATE_TOKEN: "" });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("PHASEGATE_URL is not set") });
    expect(received.length).toBe(before);
  });
});
