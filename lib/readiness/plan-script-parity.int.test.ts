// The crucial test: the plan's OWN pre_integration_check.exs, run by real Elixir, and scanProject in plan mode must
// print the same verdicts, file lists (in the same order) and messages, on the fixture project, on trees built to hit
// PCRE-versus-JavaScript differences, and on seeded random trees. The script always exits 0, so stdout is compared.
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planSummary } from "./scan-formats";
import { scanProject } from "./scan-service";
import { randomTree, writeTree, type Tree } from "./testing/elixir-tree";

const SCRIPT = path.join(import.meta.dirname, "testing/pre_integration_check.exs");
const FIXTURE = path.join(import.meta.dirname, "testing/fixture-project");
const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "phasegate-parity-"));
  made.push(dir);
  return dir;
}

function runPlanScript(cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "elixir",
      [SCRIPT],
      // +fnu: file names are UTF-8 whatever the locale, as on a developer's machine.
      { cwd, env: { ...process.env, LANG: "C.UTF-8", ELIXIR_ERL_OPTIONS: "+fnu" }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

async function expectParity(root: string) {
  const [script, report] = await Promise.all([runPlanScript(root), scanProject(root)]);
  expect(planSummary(report)).toBe(script.trimEnd());
  return { script, report };
}

async function treeDir(tree: Tree) {
  const dir = await tempDir();
  await writeTree(dir, tree);
  return dir;
}

describe("the plan's own script and scanProject (plan mode) agree", () => {
  it("on the fixture project, quirks included", async () => {
    const dir = await tempDir();
    await cp(FIXTURE, dir, { recursive: true });
    const { script, report } = await expectParity(dir);
    // The script really ran the checks (not a compile error that happens to print nothing).
    expect(script).toContain("Found Raw spawn in: lib/fixture/sigils.ex, lib/fixture/workers.ex");
    expect(script).toContain("lib/fixture/watcher.ex: 3 monitors but only 1 demonitors");
    expect(script).not.toContain("Simple error tuples");
    expect(report.preIntegration.find((c) => c.key === "error_handling")?.note).toContain(
      "Simple error tuples still used in: lib/fixture/errors.ex",
    );
  });

  it("when every check passes", async () => {
    const dir = await treeDir({
      "mix.exs": "defmodule Clean.MixProject do\nend\n",
      "lib/clean.ex": "defmodule Clean do\n  def go, do: Task.Supervisor.async_nolink(S, fn -> :ok end)\nend\n",
      "test/clean_test.exs": "defmodule CleanTest do\n  use ExUnit.Case\nend\n",
    });
    const { script, report } = await expectParity(dir);
    expect(script).toContain("All checks passed! Ready for integration.");
    expect(report.passed).toBe(true);
  });

  it("on bytes where PCRE and JavaScript regexes differ, and on Path.wildcard's order", async () => {
    const spawn = "defmodule S do\n  def go, do: spawn(fn -> :ok end)\nend\n";
    const dir = await treeDir({
      "mix.exs": "",
      "lib/nbsp.ex": "rescue\xC2\xA0_ -> :no\nrescue\xA0_ -> :latin1_nbsp_no\n",
      "lib/vtab.ex": "rescue\x0B_ -> :yes\n",
      "lib/tuples.ex": "{:error, :caf\xE9}\n",
      "lib/utf8_tuple.ex": "{:error, :\xC3\xA9}\n",
      "lib/\u00e9.ex": spawn,
      "lib/Z.ex": spawn,
      "lib/_z.ex": spawn,
      "lib/a-b.ex": spawn,
      "lib/a/b.ex": spawn,
      "lib/a.ex": spawn,
      "lib/.hidden/h.ex": spawn,
      "lib/.dot.ex": spawn,
      "test/cr_test.exs": "assert_receive :ok\r telemetry\n",
      "test/nl_test.exs": "assert_receive :ok\n telemetry\n",
    });
    const { script } = await expectParity(dir);
    expect(script).toContain(
      "Found Raw spawn in: lib/Z.ex, lib/_z.ex, lib/a-b.ex, lib/a.ex, lib/a/b.ex, lib/\u00e9.ex",
    );
    expect(script).toContain("Dangerous error handling in: lib/vtab.ex");
    expect(script).toContain("Telemetry sync in tests: test/cr_test.exs");
  });

  it.each([1, 2, 3, 4])("on a seeded random tree (seed %i)", async (seed) => {
    await expectParity(await treeDir(randomTree(seed, 40)));
  });
});
