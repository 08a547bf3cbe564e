// The phasegate command against a running HTTP server: a real node:http server in front of the real route
// handlers and database, the CLI as a separate process, as an operator's terminal would run it.
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as flagRoute from "@/app/api/v1/flags/[key]/route";
import * as flagsRoute from "@/app/api/v1/flags/route";
import * as advanceRoute from "@/app/api/v1/rollout/advance/route";
import * as emergencyRoute from "@/app/api/v1/rollout/emergency/route";
import * as freezeRoute from "@/app/api/v1/rollout/freeze/route";
import * as unfreezeRoute from "@/app/api/v1/rollout/unfreeze/route";
import * as rollbackRoute from "@/app/api/v1/rollout/rollback/route";
import * as overviewRoute from "@/app/api/v1/rollout/route";
import * as startRoute from "@/app/api/v1/rollout/start/route";
import { tokenCaller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { reportHealthy } from "@/lib/health/testing/healthy";
import { reportReady } from "@/lib/readiness/testing/ready";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [string, RegExp, Handler][] = [
  ["GET", /^\/api\/v1\/rollout$/, overviewRoute.GET],
  ["POST", /^\/api\/v1\/rollout\/start$/, startRoute.POST],
  ["POST", /^\/api\/v1\/rollout\/advance$/, advanceRoute.POST],
  ["POST", /^\/api\/v1\/rollout\/rollback$/, rollbackRoute.POST],
  ["POST", /^\/api\/v1\/rollout\/emergency$/, emergencyRoute.POST],
  ["POST", /^\/api\/v1\/rollout\/freeze$/, freezeRoute.POST],
  ["POST", /^\/api\/v1\/rollout\/unfreeze$/, unfreezeRoute.POST],
  ["GET", /^\/api\/v1\/flags$/, flagsRoute.GET],
  ["PATCH", /^\/api\/v1\/flags\/(?<key>[^/]+)$/, flagRoute.PATCH],
];

let server: http.Server;
let url: string;
let operate: string;
let admin: string;

beforeAll(async () => {
  operate = (await tokenCaller(["operate"])).headers.authorization!.slice(7);
  admin = (await tokenCaller(["admin"])).headers.authorization!.slice(7);
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url!, "http://x").pathname;
    const match = ROUTES.map(([method, pattern, handler]) => ({ method, m: pattern.exec(path), handler })).find(
      (r) => r.method === req.method && r.m,
    );
    if (!match) return void res.writeHead(404).end();
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const response = await match.handler(request, { params: Promise.resolve({ ...match.m!.groups }) });
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function phasegate(args: string[], token = operate, base = url) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["clients/cli/phasegate.mjs", ...args],
      { env: { ...process.env, PHASEGATE_URL: base, PHASEGATE_TOKEN: token } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}
const oneLine = (text: string) => {
  expect(text.trim().split("\n"), text).toHaveLength(1);
  return text.trim();
};

// Each command is a fresh Node process that compiles the CLI through tsx: about a second apiece on a busy machine.
describe("the phasegate command", { timeout: 180_000 }, () => {
  it("status, start, a refused advance (exit 1), an admin override, rollback and emergency", async () => {
    expect(oneLine((await phasegate(["status"])).stdout)).toBe("not started; 5 phases planned");
    await reportHealthy(); // the health and readiness gates pass; the soak gate is the one that refuses
    await reportReady();
    const started = await phasegate(["start", "--reason", "kick-off"]);
    expect(started.code).toBe(0);
    expect(oneLine(started.stdout)).toMatch(/^Started: phase 1 applied/);

    const refused = await phasegate(["advance"]);
    expect(refused.code).toBe(1);
    expect(oneLine(refused.stderr)).toMatch(/^phasegate: refused: .*soak/);

    const status = await phasegate(["status", "--json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({
      state: { currentPhase: 1 },
      gates: [
        { name: "soak", status: "fail" },
        { name: "health", status: "pass" },
        { name: "readiness", status: "pass" },
      ],
    });

    expect((await phasegate(["advance", "--override"], admin)).code).toBe(2); // --override needs --reason
    const operatorOverride = await phasegate(["advance", "--override", "--reason", "hotfix"]);
    expect(operatorOverride.code).toBe(3);
    const overridden = await phasegate(["advance", "--override", "--reason", "hotfix"], admin);
    expect(overridden.code).toBe(0);
    expect(oneLine(overridden.stdout)).toMatch(/^Advanced from phase 1 to phase 2/);

    expect((await phasegate(["rollback"])).code).toBe(2);
    const rolledBack = await phasegate(["rollback", "--reason", "errors up", "--json"]);
    expect(JSON.parse(rolledBack.stdout)).toMatchObject({ action: "rollback", from: 2, to: 1 });

    const emergency = await phasegate(["emergency", "--reason", "page"]);
    expect(emergency.code).toBe(0);
    expect(oneLine(emergency.stdout)).toMatch(/nothing changed/);
  });

  it("freeze and unfreeze with a reason; advancing is refused while frozen", async () => {
    expect((await phasegate(["freeze"])).code).toBe(2); // a reason is required
    const frozen = await phasegate(["freeze", "--reason", "investigating"]);
    expect(frozen.code, frozen.stderr).toBe(0);
    expect(oneLine(frozen.stdout)).toMatch(/^Frozen at phase 1/);
    expect(oneLine((await phasegate(["freeze", "--reason", "again"])).stderr)).toMatch(/already frozen/);
    const refused = await phasegate(["advance", "--override", "--reason", "try"], admin);
    expect(refused.code).toBe(1);
    expect(oneLine(refused.stderr)).toMatch(/frozen/);
    const unfrozen = await phasegate(["unfreeze", "--reason", "understood"]);
    expect(unfrozen.code, unfrozen.stderr).toBe(0);
    expect(oneLine(unfrozen.stdout)).toMatch(/^Unfrozen/);
    expect((await phasegate(["unfreeze", "--reason", "again"])).code).toBe(1);
  });

  it("flags and flags set, refusing a bad value as usage and an unknown flag as refused", async () => {
    const set = await phasegate(["flags", "set", "use_v2_coordinator", "25", "--reason", "canary"]);
    expect(oneLine(set.stdout)).toMatch(/^use_v2_coordinator is now 25 \(version \d+\)$/);
    expect((await db().flag.findUniqueOrThrow({ where: { key: "use_v2_coordinator" } })).percentage).toBe(25);
    expect(oneLine((await phasegate(["flags"])).stdout)).toContain("use_v2_coordinator=25%");
    expect((await phasegate(["flags", "set", "use_v2_coordinator", "150", "--reason", "x y z"])).code).toBe(2);
    expect((await phasegate(["flags", "set", "no_such_flag", "on", "--reason", "x y z"])).code).toBe(1);
  });

  it("exit 2 for usage, 3 for a bad token or an unreachable server, each one line", async () => {
    const usage = await phasegate(["frobnicate"]);
    expect(usage.code).toBe(2);
    expect(oneLine(usage.stderr)).toMatch(/unknown command "frobnicate"/);
    const badToken = await phasegate(["status"], "pgt_not_a_token");
    expect(badToken.code).toBe(3);
    expect(oneLine(badToken.stderr)).toMatch(/^phasegate: not authorised/);
    const unreachable = await phasegate(["status"], operate, "http://127.0.0.1:1");
    expect(unreachable.code).toBe(3);
    expect(oneLine(unreachable.stderr)).toMatch(/^phasegate: cannot reach Phasegate/);
  });
});
