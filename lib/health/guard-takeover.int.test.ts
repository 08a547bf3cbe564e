// Exactly one guard across app instances, with takeover: two real processes run the guard loop against the test
// database; the one that evaluates is killed with SIGKILL, and the other must evaluate within one interval.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { waitFor } from "../testing/wait-for";

const INTERVAL_MS = 500;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

const tookLeadAt = new Map<number, number>();

function instance(): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--import", "./scripts/lib/allow-server-only.mjs", "--import", "tsx", "lib/health/testing/guard-instance.ts"],
    {
      env: { ...process.env, PHASEGATE_GUARD_INTERVAL_MS: String(INTERVAL_MS) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (chunk: Buffer) => {
    if (chunk.toString().includes("took the phasegate:health-guard lead")) tookLeadAt.set(child.pid!, Date.now());
  });
  child.stderr?.resume();
  children.push(child);
  return child;
}

const runsBy = async (pid: number, after = new Date(0)) =>
  db().guardRun.count({ where: { instance: { endsWith: `:${pid}` }, at: { gt: after } } });

describe("the guard across two instances", () => {
  it("evaluates on one instance only, and on the other within one interval after the first is killed", async () => {
    const a = instance();
    const b = instance();
    const leaderPid = await waitFor(
      "a guard evaluation",
      async () => {
        const run = await db().guardRun.findFirst({ orderBy: { id: "desc" } });
        return run ? Number(run.instance.split(":").at(-1)) : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const [leader, follower] = leaderPid === a.pid ? [a, b] : [b, a];
    // Several intervals later, still only the leader has evaluated.
    const since = new Date();
    await waitFor("three more evaluations by the leader", async () => (await runsBy(leader.pid!, since)) >= 3, {
      timeoutMs: 30_000,
    });
    expect(await runsBy(follower.pid!)).toBe(0);

    leader.kill("SIGKILL");
    const killedAt = Date.now();
    await waitFor("the other instance to evaluate", async () => (await runsBy(follower.pid!)) > 0, {
      timeoutMs: 30_000,
      everyMs: 20,
    });
    // The lead moves within one interval (plus scheduling slack on a shared machine); its first evaluation follows.
    const tookMs = tookLeadAt.get(follower.pid!)! - killedAt;
    expect(tookMs).toBeLessThan(INTERVAL_MS + 500);
  }, 120_000);
});
