// The supervision ingest routes over real HTTP: bad snapshots and batches are 4xx naming the problem, never a
// 500, and nothing is stored; a retried restart batch is stored once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenCaller } from "../auth/testing/principals";
import { db } from "../db/client";
import { startLeanServer, type LeanServer } from "../http/testing/lean-server";
import { RESTARTS_PATH, SNAPSHOTS_PATH } from "./ingest-http";

let server: LeanServer;
let ingest: Record<string, string>;
let evaluate: Record<string, string>;

beforeAll(async () => {
  ingest = (await tokenCaller(["ingest"])).headers;
  evaluate = (await tokenCaller(["evaluate"])).headers;
  server = await startLeanServer();
});
afterAll(() => server.close());

const post = (path: string, body: unknown, headers = ingest) =>
  fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const root = (pid: string, parent: string | null) => ({
  pid,
  parent,
  id: `sup${pid}`,
  name: null,
  module: "m",
  type: "supervisor",
  strategy: "one_for_one",
  intensity: 3,
  period: 5,
  children: 1,
  restarts: 0,
  messageQueueLen: 0,
  memory: 1,
  reductions: 1,
});
const snapshot = (processes: unknown[]) => ({
  node: "n@h",
  takenAt: new Date().toISOString(),
  durationMs: 1,
  processes,
});
const stored = async () =>
  Number((await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM supervision_snapshots`)[0]!.n);

describe("POST snapshots", () => {
  it.each([
    ["a cycle", snapshot([root("<0.1.0>", "<0.2.0>"), root("<0.2.0>", "<0.1.0>")]), 400, /cycle/],
    ["duplicate pids", snapshot([root("<0.1.0>", null), root("<0.1.0>", null)]), 400, /duplicate pid/],
    ["a malformed field", snapshot([{ ...root("<0.1.0>", null), intensity: "x" }]), 400, /intensity/],
    ["garbage", "{not json", 400, /not valid JSON/],
  ])("refuses %s with a problem naming it, storing nothing", async (_what, body, status, detail) => {
    const response = await post(SNAPSHOTS_PATH, body);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/problem\+json/);
    expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
    expect(await stored()).toBe(0);
  });

  it("needs the ingest scope", async () => {
    expect((await post(SNAPSHOTS_PATH, snapshot([]), evaluate)).status).toBe(403);
  });

  it("stores a valid snapshot with its diff against the previous one", async () => {
    expect((await post(SNAPSHOTS_PATH, snapshot([root("<0.1.0>", null)]))).status).toBe(202);
    const second = await post(SNAPSHOTS_PATH, snapshot([{ ...root("<0.7.0>", null), id: "sup<0.1.0>" }]));
    expect(await second.json()).toMatchObject({ processCount: 1, diff: { added: 0, removed: 0, restarted: 1 } });
  });
});

describe("POST restarts", () => {
  const batch = {
    node: "n@h",
    restarts: [{ id: "boot-1", supervisor: "s", childId: "c", reason: "killed", at: new Date().toISOString() }],
  };
  it("stores a retried batch once", async () => {
    expect(await (await post(RESTARTS_PATH, batch)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await post(RESTARTS_PATH, batch)).json()).toEqual({ accepted: 0, duplicates: 1 });
  });
  it("names a bad field", async () => {
    const response = await post(RESTARTS_PATH, { ...batch, restarts: [{ ...batch.restarts[0], at: "soon" }] });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("body.restarts.0.at");
  });
});
