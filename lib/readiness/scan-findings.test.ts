import { describe, expect, it } from "vitest";
import { fingerprintAll, findAll, SourceFile } from "./scan-findings";
import { BANNED_PRIMITIVES, DANGEROUS_ERROR_HANDLING } from "./scan-patterns";

const RAW_SPAWN = BANNED_PRIMITIVES[1]!;
const file = (text: string, mode: "plan" | "strict" = "plan") =>
  new SourceFile("lib/w.ex", Buffer.from(text).toString("latin1"), mode);

function spawns(text: string) {
  const findings = findAll(file(text), RAW_SPAWN.rule, RAW_SPAWN.regex);
  fingerprintAll(findings);
  return findings;
}

const WORKER = `defmodule W do
  def start(a, b \\\\ []) do
    spawn(fn -> a end)
  end

  defp go(
         x,
         %{y: y}
       )
       when is_integer(x) do
    spawn(fn -> y end)
  end

  def one, do: spawn(fn -> :one end)
  def noargs do
    x = spawn(fn -> :é end)
  end
end
`;

describe("findings", () => {
  it("have line, column, text and the enclosing def with arity", () => {
    const found = spawns(WORKER);
    expect(found.map((f) => [f.line, f.column, f.enclosing, f.text])).toEqual([
      [3, 5, "start/2", "spawn(fn -> a end)"],
      [11, 5, "go/2", "spawn(fn -> y end)"],
      [14, 16, "one/0", "def one, do: spawn(fn -> :one end)"],
      [16, 9, "noargs/0", "x = spawn(fn -> :é end)"],
    ]);
  });

  it("in an ExUnit test name the test as their enclosing function", () => {
    const source = file('defmodule WTest do\n  test "starts \\"raw\\" jobs" do\n    spawn(f)\n  end\nend\n');
    expect(findAll(source, RAW_SPAWN.rule, RAW_SPAWN.regex)[0]?.enclosing).toBe('test "starts \\"raw\\" jobs"');
  });

  it("outside any def have no enclosing function", () => {
    expect(spawns("defmodule W do\n  @x spawn(1)\nend\n")[0]?.enclosing).toBeNull();
  });

  it("in an implicit try's rescue belong to the def", () => {
    const source = file("defmodule E do\n  def parse(t) do\n    t\n  rescue\n    _ -> :error\n  end\nend\n");
    const [finding] = findAll(source, "rescue_underscore", DANGEROUS_ERROR_HANDLING[0]!.regex);
    expect(finding).toMatchObject({ line: 4, column: 3, enclosing: "parse/1", text: "rescue _ -> :error" });
  });

  it("count columns in characters, not bytes, after non-ASCII text", () => {
    const [finding] = spawns('"é" <> spawn(1)');
    expect(finding?.column).toBe(8);
  });
});

describe("fingerprints", () => {
  it("survive unrelated lines moving", () => {
    const before = spawns(WORKER);
    const moved = WORKER.replace("defmodule W do\n", "defmodule W do\n  @moduledoc false\n\n  alias X.Y\n\n");
    const after = spawns(moved);
    expect(after.map((f) => f.line)).toEqual(before.map((f) => f.line + 4));
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });

  it("survive re-indenting the matching line", () => {
    const before = spawns(WORKER);
    const after = spawns(WORKER.replace("    spawn(fn -> a end)", "      spawn(fn  ->  a end)"));
    expect(after[0]?.fingerprint).toBe(before[0]?.fingerprint);
  });

  it("change when the finding's text, function or file changes", () => {
    const [base] = spawns(WORKER);
    expect(spawns(WORKER.replace("spawn(fn -> a end)", "spawn(fn -> b end)"))[0]?.fingerprint).not.toBe(
      base?.fingerprint,
    );
    expect(spawns(WORKER.replace("def start(", "def begin("))[0]?.fingerprint).not.toBe(base?.fingerprint);
    const other = findAll(new SourceFile("lib/v.ex", WORKER, "plan"), RAW_SPAWN.rule, RAW_SPAWN.regex);
    fingerprintAll(other);
    expect(other[0]?.fingerprint).not.toBe(base?.fingerprint);
  });

  it("tell identical lines in one function apart, by occurrence", () => {
    const found = spawns("def a do\n  spawn(f)\n  spawn(f)\nend\n");
    expect(found).toHaveLength(2);
    expect(found[0]?.fingerprint).not.toBe(found[1]?.fingerprint);
  });
});
