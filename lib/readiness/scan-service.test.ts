// scanProject on real files: the fixture project (every pattern and its look-alikes) and the bad input the issue
// names: a missing path, a file, a directory that is no Elixir project, binary, enormous and non-UTF-8 files,
// symlink loops, dangling symlinks, a directory named *.ex and a FIFO.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, ScanInputError, scanProject } from "./scan-service";

const FIXTURE = path.join(import.meta.dirname, "testing/fixture-project");
const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function project(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "phasegate-scan-"));
  made.push(root);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

const check = (report: Awaited<ReturnType<typeof scanProject>>, key: string) =>
  [...report.preIntegration, ...report.checklist].find((c) => c.key === key)!;

describe("scanProject on the fixture project", () => {
  it("plan mode: the script's verdicts, look-alikes left alone", async () => {
    const report = await scanProject(FIXTURE, { now: () => new Date("2026-12-04T12:00:00Z") });
    expect(report.scannedAt).toBe("2026-12-04T12:00:00.000Z");
    expect(report.preIntegration.map((c) => [c.key, c.status])).toEqual([
      ["banned_primitives", "failed"],
      ["monitor_leaks", "failed"],
      ["state_persistence", "passed"],
      ["test_patterns", "failed"],
      ["error_handling", "failed"],
    ]);
    expect(report.passed).toBe(false);
    const texts = report.preIntegration.flatMap((c) => c.findings.map((f) => f.text)).join("\n");
    expect(texts).not.toMatch(/async_nolink|spawn_link/);
    const files = new Set(report.preIntegration.flatMap((c) => c.findings.map((f) => f.file)));
    expect([...files].filter((f) => f.includes(".hidden") || (f.endsWith(".exs") && !f.startsWith("test/")))).toEqual(
      [],
    );
    expect(files.has("test/support/helper.exs")).toBe(false);
    expect(report.filesScanned).toBe(13);
  });

  it("strict mode: comments and strings no longer count, the commented-out use no longer passes", async () => {
    const report = await scanProject(FIXTURE, { mode: "strict" });
    expect(check(report, "banned_primitives").issues).toEqual([
      "Found Process.spawn in: lib/fixture/workers.ex",
      "Found Raw spawn in: lib/fixture/workers.ex",
      "Found Process.get in: lib/fixture/cache.ex, lib/fixture/sigils.ex",
    ]);
    expect(check(report, "state_persistence").issues).toEqual([
      "lib/jido_system/agents/coordinator_agent.ex does not use PersistentFoundationAgent",
    ]);
    expect(check(report, "test_patterns").issues).toContain(
      "Process.sleep found in tests: test/fixture/workers_test.exs",
    );
    expect(check(report, "error_handling").issues).toEqual([
      "Simple error tuples still used in: lib/fixture/errors.ex",
      "Dangerous error handling in: lib/fixture/errors.ex",
    ]);
  });

  it("takes the critical agent list from the options", async () => {
    const report = await scanProject(FIXTURE, { criticalAgents: ["lib/fixture/cache.ex"] });
    expect(check(report, "state_persistence").issues).toEqual([
      "lib/fixture/cache.ex does not use PersistentFoundationAgent",
    ]);
  });
});

describe("scanProject on bad input", () => {
  it("refuses a missing path, a file, and a directory that is not an Elixir project", async () => {
    const root = await project({ "README.md": "not elixir" });
    await expect(scanProject(path.join(root, "nope"))).rejects.toThrow(
      new ScanInputError(`${root}/nope does not exist`),
    );
    await expect(scanProject(path.join(root, "README.md"))).rejects.toThrow("is not a directory");
    await expect(scanProject(root)).rejects.toThrow("is not an Elixir project (no mix.exs and no lib/)");
  });

  it("skips what it cannot or should not read, with a note, and scans the rest", async () => {
    const root = await project({
      "mix.exs": "",
      "lib/ok.ex": "spawn(f)",
      "lib/binary.ex": Buffer.from([0x73, 0x70, 0x00, 0x01]),
      "lib/latin1.ex": Buffer.from("# caf\xe9 \xff\nspawn(fn -> :caf\xe9 end)", "latin1"),
      "lib/d.ex/inner.ex": "Process.put(1)",
      "test/big_test.exs": "",
    });
    await truncate(path.join(root, "test/big_test.exs"), MAX_FILE_BYTES + 1);
    await symlink(".", path.join(root, "lib/loop")); // lib/loop is lib itself
    await symlink("nowhere.ex", path.join(root, "lib/dangling.ex"));
    execFileSync("mkfifo", [path.join(root, "lib/pipe.ex")]);
    const report = await scanProject(root);
    expect(report.skipped).toEqual([
      { file: "lib/binary.ex", reason: "binary (NUL bytes)" },
      { file: "lib/d.ex", reason: "a directory, not a file" },
      { file: "lib/dangling.ex", reason: "dangling symlink" },
      { file: "lib/loop", reason: "symlink loop: not followed" },
      { file: "lib/pipe.ex", reason: "not a regular file" },
      { file: "test/big_test.exs", reason: "larger than 16 MiB" },
    ]);
    expect(check(report, "banned_primitives").issues).toEqual([
      "Found Raw spawn in: lib/latin1.ex, lib/ok.ex",
      "Found Process.put in: lib/d.ex/inner.ex",
    ]);
    const latin1 = check(report, "banned_primitives").findings.find((f) => f.file === "lib/latin1.ex");
    expect(latin1).toMatchObject({ line: 2, column: 1, text: "spawn(fn -> :caf\ufffd end)" });
  });
});
