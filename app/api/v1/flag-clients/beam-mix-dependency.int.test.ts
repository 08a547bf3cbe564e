// clients/erlang as an Elixir application uses it: a tiny Mix project with `{:phasegate, path: ...}` in its deps,
// compiled by Debian's mix offline (no Hex, no rebar3), started with `mix run`, evaluating flags against Phasegate's
// real OFREP routes and counting a request that reaches the real POST /api/v1/ingest.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenCaller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { getFlagSnapshot } from "@/lib/flags/snapshot-store";
import { changeFlag } from "@/lib/flags/testing/change-flag";
import { isEnabledForId, ON, percentage } from "@/lib/flags/value";
import { CLIENT_DIR } from "@/lib/supervision/testing/beam-node";
import { startRestartableServer, type RestartableServer } from "@/lib/supervision/testing/restartable-server";

const run = promisify(execFile);
const NODE = "mix@beam-test";
const SPLIT = "use_v2_coordinator";
const WHOLE = "use_reliable_messaging";
let server: RestartableServer;
let project: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const token = (await tokenCaller(["ingest", "evaluate"])).headers.authorization!.slice("Bearer ".length);
  await changeFlag(db(), SPLIT, percentage(37));
  await changeFlag(db(), WHOLE, ON);
  server = await startRestartableServer();
  project = mkdtempSync(join(tmpdir(), "phasegate-mix-"));
  mkdirSync(join(project, "config"));
  writeFileSync(
    join(project, "mix.exs"),
    `defmodule Demo.MixProject do
  use Mix.Project
  def project, do: [app: :demo, version: "0.1.0", deps: [{:phasegate, path: ${JSON.stringify(CLIENT_DIR)}}]]
  def application, do: [extra_applications: [:logger]]
end
`,
  );
  writeFileSync(
    join(project, "config/config.exs"),
    `import Config
config :phasegate,
  url: ~c"${server.baseUrl}",
  token: ~c"${token}",
  node_name: "${NODE}",
  interval_seconds: 1,
  flush_interval_ms: 50
`,
  );
  // Offline and self-contained: Mix's home in the project, Hex told not to reach out, the prod build.
  env = { ...process.env, MIX_HOME: join(project, ".mix"), HEX_OFFLINE: "1", MIX_ENV: "prod" };
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("clients/erlang as a Mix path dependency", () => {
  it("compiles offline with Debian's mix, from src/ and the .app.src", async () => {
    const { stdout, stderr } = await run("mix", ["compile"], { cwd: project, env, timeout: 120_000 });
    expect(`${stdout}${stderr}`).toMatch(/==> phasegate\n[\s\S]*Generated phasegate app/);
    const { stdout: spec } = await run(
      "mix",
      [
        "run",
        "--no-start",
        "-e",
        "IO.puts(Application.spec(:phasegate, :vsn)); IO.inspect(Application.spec(:phasegate, :mod))",
      ],
      { cwd: project, env, timeout: 60_000 },
    );
    expect(spec.trim().split("\n")).toEqual(["0.1.0", "{:phasegate_app, []}"]);
  });

  it('also builds as a git dependency with sparse: "clients/erlang" (a local repository, so offline)', async () => {
    const repo = join(project, "phasegate.git");
    mkdirSync(join(repo, "clients"), { recursive: true });
    cpSync(CLIENT_DIR, join(repo, "clients/erlang"), { recursive: true });
    const git = (...args: string[]) => run("git", args, { cwd: repo, env });
    await git("init", "-q", "-b", "main");
    await git("add", "-A");
    await git("-c", "user.name=test", "-c", "user.email=test@phasegate.test", "commit", "-qm", "client");
    const app = join(project, "git-app");
    mkdirSync(app);
    writeFileSync(
      join(app, "mix.exs"),
      `defmodule GitDemo.MixProject do
  use Mix.Project
  def project, do: [app: :git_demo, version: "0.1.0", deps: [{:phasegate, git: ${JSON.stringify(repo)}, sparse: "clients/erlang"}]]
end
`,
    );
    await run("mix", ["deps.get"], { cwd: app, env, timeout: 120_000 });
    const { stdout, stderr } = await run("mix", ["compile"], { cwd: app, env, timeout: 120_000 });
    expect(`${stdout}${stderr}`).toMatch(/Generated phasegate app/);
  });

  it("starts with the host application, evaluates flags like Phasegate and counts a request", async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `agent-${i}`);
    // The script waits on conditions (the flag set held, the report sent), each bounded, and prints its answers.
    const script = `
wait = fn wait, check, n ->
  case check.() do
    false when n > 0 -> Process.sleep(10); wait.(wait, check, n - 1)
    result -> result
  end
end
true = wait.(wait, fn -> :phasegate_flags.held_version() != :undefined end, 1000)
IO.puts("=> held #{:phasegate_flags.held_version()}")
IO.puts("=> whole #{:phasegate_flags.enabled(:${WHOLE})}")
ids = ${JSON.stringify(ids)}
IO.puts("=> split " <> Enum.map_join(ids, ",", fn id -> to_string(:phasegate_flags.enabled_for_id(:${SPLIT}, id)) end))
# Reports go in order: once those already queued and one more are sent, the one holding this request is.
%{sent: %{reports: sent}, pending: %{reports: queued}} = :phasegate_outbox.stats()
:phasegate.record_request(%{ms: 7, cohorts: :phasegate_flags.cohorts([:${SPLIT}], "agent-0")})
true = wait.(wait, fn -> :phasegate_outbox.stats().sent.reports > sent + queued end, 1000)
IO.puts("=> sent")
`;
    const { stdout } = await run("mix", ["run", "-e", script], { cwd: project, env, timeout: 60_000 });
    const answers = Object.fromEntries(
      stdout
        .split("\n")
        .filter((line) => line.startsWith("=> "))
        .map((line) => {
          const [key, ...rest] = line.slice(3).split(" ");
          return [key, rest.join(" ")];
        }),
    );
    expect(answers.held).toBe((await getFlagSnapshot()).etag);
    expect(answers.whole).toBe("true");
    expect(answers.split!.split(",")).toEqual(
      ids.map((id) => String(isEnabledForId(SPLIT, percentage(37), id, "string"))),
    );
    expect(answers).toHaveProperty("sent");
    const [stored] = await db().$queryRaw<{ requests: number }[]>`
      SELECT coalesce(sum(requests), 0)::int AS requests FROM interval_reports WHERE node = ${NODE}`;
    expect(stored!.requests).toBe(1);
  });
});
