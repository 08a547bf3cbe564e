import { describe, expect, it } from "vitest";
import { PLAN_READINESS_CHECKS } from "../rollout/plan";
import type { ScanMode } from "./scan-report";
import { SourceFile } from "./scan-findings";
import {
  bannedPrimitives,
  checklistOutcomes,
  CODE_CHECKLIST_KEYS,
  errorHandling,
  monitorLeaks,
  statePersistence,
  testPatterns,
  type ProjectSources,
} from "./scan-rules";

function project(files: Record<string, string>, mode: ScanMode = "plan", agents: string[] = []): ProjectSources {
  const sources = Object.entries(files).map(([file, text]) => new SourceFile(file, text, mode));
  return {
    mode,
    lib: sources.filter((s) => s.file.startsWith("lib/")),
    tests: sources.filter((s) => s.file.startsWith("test/")),
    agents: agents.map((path) => ({ path, source: sources.find((s) => s.file === path) ?? null })),
  };
}

describe("the plan's pre-integration rules", () => {
  it("banned primitives: one message per pattern, files in the given (sorted) order", () => {
    const result = bannedPrimitives(
      project({ "lib/a.ex": "spawn(f)\nProcess.get(:x)", "lib/b.ex": "Process.spawn(f)", "lib/c.ex": "spawn_link(f)" }),
    );
    expect(result.status).toBe("failed");
    expect(result.issues).toEqual([
      "Found Process.spawn in: lib/b.ex",
      "Found Raw spawn in: lib/a.ex, lib/b.ex",
      "Found Process.get in: lib/a.ex",
    ]);
    expect(result.findings.map((f) => `${f.rule}@${f.file}:${f.line}`)).toEqual([
      "process_spawn@lib/b.ex:1",
      "raw_spawn@lib/a.ex:1",
      "raw_spawn@lib/b.ex:1",
      "process_get@lib/a.ex:2",
    ]);
  });

  it("monitor leaks: more Process.monitor than Process.demonitor in a file", () => {
    const result = monitorLeaks(
      project({
        "lib/leak.ex": "Process.monitor(a)\nProcess.monitor(b)\nProcess.demonitor(r)",
        "lib/even.ex": "Process.monitor(a)\nProcess.demonitor(r)",
      }),
    );
    expect(result.issues).toEqual(["lib/leak.ex: 2 monitors but only 1 demonitors"]);
    expect(result.findings.map((f) => f.line)).toEqual([1, 2]);
  });

  it("state persistence: only agents that exist; plan mode counts a commented-out use, strict does not", () => {
    const files = { "lib/agent.ex": "defmodule A do\n  # use JidoSystem.Agents.PersistentFoundationAgent\nend" };
    expect(statePersistence(project(files, "plan", ["lib/agent.ex", "lib/missing.ex"])).status).toBe("passed");
    const strict = statePersistence(project(files, "strict", ["lib/agent.ex"]));
    expect(strict.issues).toEqual(["lib/agent.ex does not use PersistentFoundationAgent"]);
    expect(strict.findings[0]).toMatchObject({ line: 1, text: "defmodule A do" });
  });

  it("test patterns: telemetry before sleep, as the script prepends them", () => {
    const result = testPatterns(
      project({ "test/a_test.exs": "Process.sleep(1)", "test/b_test.exs": "assert_receive {:telemetry, _}" }),
    );
    expect(result.issues).toEqual([
      "Telemetry sync in tests: test/b_test.exs",
      "Process.sleep found in tests: test/a_test.exs",
    ]);
  });

  it("error handling: each dangerous pattern its own message; error tuples noted in plan mode", () => {
    const files = {
      "lib/a.ex": "rescue _e -> :x\n{:error, :a}",
      "lib/b.ex": "rescue exception -> e\ncatch _, _ -> :x",
      "lib/contest.ex": "{:error, :excluded_by_its_path}",
    };
    const plan = errorHandling(project(files));
    expect(plan.issues).toEqual([
      "Dangerous error handling in: lib/a.ex",
      "Dangerous error handling in: lib/b.ex",
      "Dangerous error handling in: lib/b.ex",
    ]);
    expect(plan.note).toContain('"Simple error tuples still used in: lib/a.ex"');
    const strict = errorHandling(project(files, "strict"));
    expect(strict.issues[0]).toBe("Simple error tuples still used in: lib/a.ex");
    expect(strict.findings.some((f) => f.rule === "simple_error_tuple")).toBe(true);
  });

  it("error tuples: the first five files only, as the script's Enum.take(5)", () => {
    const files = Object.fromEntries(Array.from({ length: 7 }, (_, k) => [`lib/m${k}.ex`, "{:error, :x}"]));
    const strict = errorHandling(project(files, "strict"));
    expect(strict.issues).toEqual([
      "Simple error tuples still used in: lib/m0.ex, lib/m1.ex, lib/m2.ex, lib/m3.ex, lib/m4.ex",
    ]);
    expect(strict.findings).toHaveLength(7);
  });

  it("strict mode ignores comments and strings", () => {
    const files = { "lib/a.ex": '# spawn(\n"Process.put"\n~r/rescue _/', "test/a_test.exs": '"Process.sleep"' };
    expect(bannedPrimitives(project(files)).status).toBe("failed");
    expect(bannedPrimitives(project(files, "strict")).status).toBe("passed");
    expect(errorHandling(project(files, "strict")).status).toBe("passed");
    expect(testPatterns(project(files, "strict")).status).toBe("passed");
  });
});

describe("the checklist's code checks", () => {
  it("use the keys of the plan's readiness checklist", () => {
    const keys = PLAN_READINESS_CHECKS.map((c) => c.key);
    for (const key of CODE_CHECKLIST_KEYS) expect(keys).toContain(key);
  });

  it("no unsupervised processes: passes without spawn( (the plan's grep never can) and says so", () => {
    const clean = checklistOutcomes(project({ "lib/a.ex": "Task.Supervisor.async_nolink(S, f)" }));
    expect(clean["architecture.no_unsupervised_processes"].status).toBe("passed");
    expect(clean["architecture.no_unsupervised_processes"].note).toContain("can never pass");
    const dirty = checklistOutcomes(project({ "lib/a.ex": "x\n  spawn(f)\nspawn(g)\nspawn(h)\nspawn(i)" }));
    expect(dirty["architecture.no_unsupervised_processes"].issues).toEqual([
      "Found spawn in: lib/a.ex:spawn(f), lib/a.ex:spawn(g), lib/a.ex:spawn(h)",
    ]);
  });

  it("single error type fails on {:error, atom} even in plan mode, where the script drops it", () => {
    const result = checklistOutcomes(project({ "lib/a.ex": "{:error, :nope}" }));
    expect(result["error_handling.single_error_type"].status).toBe("failed");
    expect(result["error_handling.no_catch_all"].status).toBe("passed");
  });
});
