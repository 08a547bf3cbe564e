// Generated Elixir project trees for the scanner's tests and benchmark: a seeded mix of lines that trigger the plan's
// patterns and look-alikes that must not (spawn_link, Task.Supervisor.async_nolink, Process.get_keys, comments,
// strings, heredocs, whitespace the plan's PCRE treats differently from JavaScript, non-UTF-8 bytes), under file
// names whose sorted order tests Path.wildcard's. Contents are latin1 strings: one character per byte.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export type Tree = Record<string, string>; // relative path -> bytes as latin1

const LIB_LINES = [
  "spawn(fn -> :ok end)",
  "spawn_link(fn -> :ok end)",
  "Process.spawn(fn -> :ok end, [])",
  "Task.Supervisor.async_nolink(Fixture.TaskSupervisor, fun)",
  "Process.put(:key, 1)",
  "Process.get(:key)",
  "Process.get_keys()",
  "# Process.put in a comment",
  '"Process.get in a string"',
  "ref = Process.monitor(pid)",
  "Process.demonitor(ref, [:flush])",
  "rescue _ -> :error",
  "rescue\n    _e -> :error",
  "rescue exception -> exception",
  "rescue exception->exception",
  "rescue e in ArgumentError -> e",
  "rescue\xC2\xA0_ -> :nbsp_is_not_pcre_space",
  "rescue\x0B_ -> :vertical_tab_is",
  "catch _, _ -> :caught",
  "catch _,_ -> :no_space",
  "catch :exit, _ -> :exited",
  "{:error, :not_found}",
  "{:error,:tight}",
  "{:error, :caf\xE9}", // a latin1 byte: \w in Erlang's tables
  "{:error, :\xC3\xA9t\xC3\xA9}", // UTF-8 é: its second byte is not \w
  '{:error, "reason"}',
  "{:error,\n   :split}",
  '@doc """\nspawn( in a heredoc\n"""',
  "~r/Process\\.put/",
  "x = ?#",
];
const TEST_LINES = [
  "Process.sleep(10)",
  "# Process.sleep in a comment",
  "assert_receive {:telemetry_event, _}",
  "assert_receive :ok\r telemetry_after_a_carriage_return",
  "assert_receive :ok\n telemetry_on_the_next_line",
  "assert_receive {:done, :ok}",
];
const NAMES = ["a", "B", "_z", "a-b", "\u00e9", "worker", "contest", "Zeta", "a.b", "x1"];
const DIRS = ["", "x/", "x/y/", "X/", ".hidden/", "tests/"];

/** mulberry32: a tiny seeded generator, so a failing seed can be replayed. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

function moduleText(name: string, lines: string[]): string {
  const body = lines.map((line) => `    ${line}`).join("\n");
  return `defmodule Generated.${name} do\n  def run(pid, fun) do\n${body}\n  end\nend\n`;
}

const FILLER = [
  "state = Map.put(state, :count, state.count + 1)",
  "{:ok, pid} = GenServer.start_link(__MODULE__, opts, name: via(name))",
  'Logger.debug("handled #{inspect(message)}")',
  "with {:ok, value} <- fetch(key), do: {:reply, value, state}",
];

/** A project of `files` source files; `cleanShare` of them look-alike-free; `filler` ordinary lines in each. */
export function randomTree(seed: number, files: number, cleanShare = 0.3, filler = 0): Tree {
  const { next, pick } = random(seed);
  const tree: Tree = { "mix.exs": "defmodule Generated.MixProject do\nend\n" };
  for (let k = 0; k < files; k++) {
    const isTest = next() < 0.3;
    const clean = next() < cleanShare;
    const count = 1 + Math.floor(next() * 4);
    const lines = Array.from({ length: count }, () => (clean ? ":ok" : pick(isTest ? TEST_LINES : LIB_LINES)));
    for (let f = 0; f < filler; f++) lines.splice(Math.floor(next() * (lines.length + 1)), 0, pick(FILLER));
    const dir = pick(DIRS);
    const name = `${pick(NAMES)}${k}`; // unique: `files` files
    const file = isTest
      ? `test/${dir}${name}${next() < 0.8 ? "_test.exs" : ".exs"}`
      : `lib/${dir}${name}${next() < 0.9 ? ".ex" : ".exs"}`;
    tree[file] = moduleText(`M${k}`, lines);
  }
  if (next() < 0.7) {
    const persistent = next() < 0.5;
    tree["lib/jido_system/agents/task_agent.ex"] = moduleText("TaskAgent", [
      persistent ? "use JidoSystem.Agents.PersistentFoundationAgent" : "use JidoSystem.Agents.FoundationAgent",
    ]);
  }
  return tree;
}

export async function writeTree(root: string, tree: Tree): Promise<void> {
  for (const [file, bytes] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), Buffer.from(bytes, "latin1"));
  }
}
