// npm start's process lifecycle with a real embedded PostgreSQL: a kill -9 leaves the database server behind, and
// the next start stops that orphan instead of refusing; a live owner is still refused; SIGTERM lets requests in
// flight finish before the database stops, and exits 0. Each test has its own data folder and ports.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from "../lib/db/embedded-postgres";
import { freePort } from "../lib/db/testing/test-database";
import { waitFor } from "../lib/testing/wait-for";

type Run = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setting() {
  const folder = mkdtempSync(path.join(os.tmpdir(), "phasegate-lifecycle-"));
  const env = {
    PHASEGATE_DATA_DIR: folder,
    PHASEGATE_EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(await freePort()),
  };
  const dataDir = path.join(folder, "pgdata");
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return { env, dataDir };
}

function launch(env: Record<string, string>): Run {
  const child = spawn(
    process.execPath,
    ["--import", "./scripts/lib/allow-server-only.mjs", "--import", "tsx", "scripts/testing/lifecycle-fixture.ts"],
    { env: { ...process.env, DATABASE_URL: undefined, ...env } },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  });
  return { child, output: () => output, exited };
}

const serving = (run: Run) =>
  waitFor(`the fixture to serve (output so far: ${run.output()})`, () => run.output().includes("phasegate: serving"), {
    timeoutMs: 60_000,
    everyMs: 50,
  });

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
};

const postmasterPid = (dataDir: string) =>
  Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

/** One request on its own connection, so that a refused connection is seen as such. */
function get(port: string, pathAndQuery: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port: Number(port), path: pathAndQuery, agent: false },
      (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}

describe("an embedded database left behind by a kill -9", () => {
  it("is stopped by the next start, which then starts normally", async () => {
    const { env, dataDir } = await setting();
    const first = launch(env);
    await serving(first);
    const orphan = postmasterPid(dataDir);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(isAlive(orphan)).toBe(true); // the defect's precondition: PostgreSQL outlives its parent

    const second = launch(env);
    await serving(second);
    expect(second.output()).toContain(`stopping the embedded PostgreSQL (pid ${orphan}) left running by a Phasegate`);
    expect(isAlive(orphan)).toBe(false);
    expect(postmasterPid(dataDir)).not.toBe(orphan);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  }, 120_000);

  it("is still refused while the Phasegate that owns it is alive", async () => {
    const { env, dataDir } = await setting();
    const owner = launch(env);
    await serving(owner);
    const server = postmasterPid(dataDir);
    const intruder = launch({ ...env, PORT: String(await freePort()) });
    const { code } = await intruder.exited;
    expect(code).not.toBe(0);
    expect(intruder.output().trim()).toMatch(
      new RegExp(`^phasegate: the embedded database in .* is already in use by Phasegate process ${owner.child.pid}`),
    );
    expect(isAlive(server)).toBe(true);
    expect((await get(env.PORT, "/?sleep=0")).status).toBe(200);
    owner.child.kill("SIGTERM");
    expect((await owner.exited).code).toBe(0);
  }, 120_000);
});

describe("SIGTERM under load", () => {
  it("stops accepting, lets the requests in flight finish with their normal answer, then stops the database and exits 0", async () => {
    const { env, dataDir } = await setting();
    const run = launch(env);
    await serving(run);
    const server = postmasterPid(dataDir);
    const inFlight = Array.from({ length: 4 }, () => get(env.PORT, "/?sleep=3"));
    // In flight for real: four sessions of the embedded server are inside pg_sleep.
    const observer = new pg.Client({
      connectionString: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${env.PHASEGATE_EMBEDDED_PG_PORT}/postgres`,
    });
    observer.on("error", () => {});
    await observer.connect();
    await waitFor("four requests inside pg_sleep", async () => {
      const { rows } = await observer.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'",
      );
      return rows[0]!.n === 4;
    });
    await observer.end();

    run.child.kill("SIGTERM");
    await waitFor("the shutdown to begin", () => run.output().includes("no longer accepting connections"));
    await expect(get(env.PORT, "/?sleep=0")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    const answers = await Promise.all(inFlight);
    expect(answers).toEqual(Array.from({ length: 4 }, () => ({ status: 200, body: "done" })));
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain("finishing 4 request(s) in flight");
    expect(run.output()).toContain("requests in flight finished");
    expect(run.output()).toContain("database stopped; exiting");
    expect(isAlive(server)).toBe(false);
  }, 120_000);
});
