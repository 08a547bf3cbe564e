// A real BEAM node for tests: compiles clients/erlang (src and test fixtures) with erlc, starts `erl` (or `elixir`)
// with the sample tree and the phasegate application, and drives it over stdin (phasegate_test_node).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

export const CLIENT_DIR = resolve(import.meta.dirname, "../../../clients/erlang");

export type BeamConfig = Record<string, string | number | boolean | string[]>;

/** Compiles src/ and test/ into a fresh directory; returns the ebin path (with phasegate.app from the .app.src). */
export function compileClient(): string {
  const ebin = mkdtempSync(join(tmpdir(), "phasegate-ebin-"));
  const sources = ["src", "test"].flatMap((dir) =>
    readdirSync(join(CLIENT_DIR, dir))
      .filter((file) => file.endsWith(".erl"))
      .map((file) => join(CLIENT_DIR, dir, file)),
  );
  const result = spawnSync("erlc", ["-Wall", "-o", ebin, ...sources], { encoding: "utf8" });
  if (result.error || result.status !== 0)
    throw new Error(`erlc failed: ${result.error?.message ?? ""}${result.stdout}${result.stderr}`);
  copyFileSync(join(CLIENT_DIR, "src/phasegate.app.src"), join(ebin, "phasegate.app"));
  return ebin;
}

/** An Erlang term for an application env value: strings as charlists (httpc wants lists), lists of atoms. */
function erlTerm(value: string | number | boolean | string[], key: string): string {
  if (Array.isArray(value)) return `[${value.join(",")}]`;
  if (typeof value === "string") return key === "node_name" ? `<<${JSON.stringify(value)}>>` : JSON.stringify(value);
  return String(value);
}

export type BeamNode = {
  /** Sends one command line and resolves with the node's answer. */
  command(line: string): Promise<string>;
  stop(): Promise<void>;
  output(): string;
};

export type NodeOptions = {
  /** `erl` (OTP 25) or Debian's `elixir`, whose Logger starts first with its default configuration, as in a release. */
  runtime?: "erl" | "elixir";
  config: BeamConfig;
  /** Erlang expressions run after the sample tree starts and before the phasegate application does. */
  before?: string;
};

/**
 * The one way tests start a real node: compiles the client, loads `phasegate` with `config` as its application
 * environment, starts the sample tree and the application, then serves phasegate_test_node's commands on stdin.
 */
export function startNode({ runtime = "erl", config, before }: NodeOptions): BeamNode {
  const ebin = compileClient();
  const boot = [
    "ok = application:load(phasegate)",
    ...Object.entries(config).map(([key, value]) => `application:set_env(phasegate, ${key}, ${erlTerm(value, key)})`),
    "{ok, _} = phasegate_sample_tree:start()",
    ...(before ? [before] : []),
    "{ok, _} = application:ensure_all_started(phasegate)",
  ].join(", ");
  if (runtime === "erl") {
    const script = `${boot}, io:format("=> started~n"), phasegate_test_node:main().`;
    return drive(spawn("erl", ["-noshell", "-pa", ebin, "-eval", script], { stdio: "pipe" }), ebin);
  }
  // Elixir evaluates the same Erlang boot sequence, after Logger (started by Elixir) is in place.
  const script = [
    `{:ok, tokens, _} = :erl_scan.string(~c"${boot.replace(/"/g, '\\"')}, ok.")`,
    "{:ok, exprs} = :erl_parse.parse_exprs(tokens)",
    "{:value, :ok, _} = :erl_eval.exprs(exprs, [])",
    'IO.puts("=> started")',
    ":phasegate_test_node.main()",
  ].join("\n");
  return drive(spawn("elixir", ["-pa", ebin, "-e", script], { stdio: "pipe" }), ebin);
}

export const startBeamNode = (options: Omit<NodeOptions, "runtime">) => startNode({ ...options, runtime: "erl" });

/** The same node on Elixir (Debian's `elixir`), with Logger's default configuration. */
export const startElixirNode = (options: Omit<NodeOptions, "runtime">) => startNode({ ...options, runtime: "elixir" });

function drive(child: ChildProcessWithoutNullStreams, ebin: string): BeamNode {
  let output = "";
  const waiting: ((line: string) => void)[] = [];
  const answers: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  createInterface({ input: child.stdout }).on("line", (line) => {
    output += `${line}\n`;
    if (!line.startsWith("=> ")) return;
    const answer = line.slice(3);
    const next = waiting.shift();
    if (next) next(answer);
    else answers.push(answer);
  });
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  const nextAnswer = () =>
    new Promise<string>((resolveAnswer, reject) => {
      const queued = answers.shift();
      if (queued !== undefined) return resolveAnswer(queued);
      const timer = setTimeout(() => reject(new Error(`the BEAM node did not answer:\n${output}`)), 20_000);
      waiting.push((line) => {
        clearTimeout(timer);
        resolveAnswer(line);
      });
    });
  const started = nextAnswer().then((line) => {
    if (line !== "started") throw new Error(`the BEAM node did not start: ${line}\n${output}`);
  });
  return {
    async command(line) {
      await started;
      child.stdin.write(`${line}\n`);
      return nextAnswer();
    },
    async stop() {
      child.stdin.end();
      child.kill("SIGKILL");
      await exited;
      rmSync(ebin, { recursive: true, force: true });
    },
    output: () => output,
  };
}
