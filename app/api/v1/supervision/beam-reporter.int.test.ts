// The Erlang reporter on a real BEAM node (erl, OTP 25) against Phasegate's real ingest routes and database: a
// three-level sample tree, a worker killed three times, then Phasegate stopped while two more restarts happen.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as nodeRoute } from "./nodes/[node]/route";
import { personCaller, tokenCaller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { waitFor } from "@/lib/testing/wait-for";
import type { NodeView } from "@/lib/supervision/serializers";
import { startBeamNode, type BeamNode } from "@/lib/supervision/testing/beam-node";
import { startRestartableServer, type RestartableServer } from "@/lib/supervision/testing/restartable-server";

const NODE = "sample@beam-test";
let server: RestartableServer;
let beam: BeamNode;
let read: Record<string, string>;

beforeAll(async () => {
  const ingest = await tokenCaller(["ingest"]);
  read = (await personCaller("viewer")).headers;
  server = await startRestartableServer();
  beam = startBeamNode({
    config: {
      url: server.baseUrl,
      token: ingest.headers.authorization!.slice("Bearer ".length),
      node_name: NODE,
      roots: ["sample_root_sup"],
      flags: false,
      snapshot_interval_ms: 200,
      flush_interval_ms: 50,
      backoff_max_ms: 400,
    },
  });
});

afterAll(async () => {
  await beam?.stop();
  await server?.close();
});

const view = async () => {
  const response = await callRoute(nodeRoute, `/api/v1/supervision/nodes/${NODE}`, {
    params: { node: NODE },
    headers: read,
  });
  return response.status === 200 ? await jsonOf<NodeView>(response) : undefined;
};

const restartsOf = (node: string) =>
  db().$queryRaw<{ supervisor: string; child_id: string; reason: string }[]>`
    SELECT supervisor, child_id, reason FROM supervision_restarts WHERE node = ${node} ORDER BY at`;

const indexOf = (tree: NodeView["tree"], id: string) => tree.id.indexOf(id);

describe("the Erlang reporter on a real node", () => {
  it("reports the three-level tree with strategies, intensity and period", async () => {
    const shown = await waitFor(
      "the sample tree in Phasegate",
      async () => {
        const v = await view();
        return v && v.tree.id.includes("sample_leaf_2") ? v : undefined;
      },
      { timeoutMs: 15_000 },
    );
    const { tree } = shown;
    const root = indexOf(tree, "sample_root_sup");
    const pool = indexOf(tree, "sample_pool_sup");
    const leafSup = indexOf(tree, "sample_leaf_sup");
    expect(tree.parent[root]).toBe(-1);
    expect(tree.parent[pool]).toBe(root);
    expect(tree.parent[leafSup]).toBe(pool);
    expect(tree.parent[indexOf(tree, "sample_leaf_1")]).toBe(leafSup);
    expect([tree.strategy[root], tree.intensity[root], tree.period[root]]).toEqual(["one_for_one", 10, 60]);
    expect([tree.strategy[pool], tree.intensity[pool], tree.period[pool]]).toEqual(["rest_for_one", 5, 30]);
    expect(tree.supervisor[indexOf(tree, "sample_cache")]).toBe(false);
    expect(tree.pid.length).toBe(8);
  });

  it("counts exactly three restarts under the supervisor that restarted the worker", async () => {
    for (let i = 0; i < 3; i++) expect(await beam.command("kill sample_cache")).toBe("ok");
    const shown = await waitFor(
      "three restarts in Phasegate",
      async () => {
        const v = await view();
        const pool = v ? indexOf(v.tree, "sample_pool_sup") : -1;
        return v && v.recentBySupervisor.sample_pool_sup === 3 && v.tree.restarts[pool] === 3 ? v : undefined;
      },
      { timeoutMs: 15_000 },
    );
    const restarts = await restartsOf(NODE);
    expect(restarts).toHaveLength(3);
    expect(restarts.every((r) => r.supervisor === "sample_pool_sup" && r.child_id === "sample_cache")).toBe(true);
    expect(restarts[0]!.reason).toBe("killed");
    expect(shown.recentBySupervisor.sample_root_sup).toBeUndefined();
    const headroom = shown.headroom.find((h) => h.supervisor === "sample_pool_sup")!;
    expect(headroom).toMatchObject({ intensity: 5, period: 30, inPeriod: 3, left: 2 });
    expect(shown.tree.restarts[indexOf(shown.tree, "sample_cache")]).toBe(3);
  });

  it("loses nothing reported while Phasegate was down", async () => {
    await server.stop();
    expect(await beam.command("kill sample_db")).toBe("ok");
    expect(await beam.command("kill sample_leaf_1")).toBe("ok");
    // The node has tried and failed to deliver both while Phasegate is away.
    await waitFor(
      "the reporter to hold two restarts after failing",
      async () => {
        const m = /pending (\d+) failures (\d+) dropped (\d+)/.exec(await beam.command("outbox"));
        return m && Number(m[1]) === 2 && Number(m[2]) >= 2;
      },
      { timeoutMs: 10_000 },
    );
    expect((await restartsOf(NODE)).length).toBe(3);
    await server.start();
    const restarts = await waitFor(
      "all five restarts stored",
      async () => {
        const rows = await restartsOf(NODE);
        return rows.length >= 5 ? rows : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(restarts).toHaveLength(5);
    expect(restarts.slice(3).map((r) => [r.supervisor, r.child_id])).toEqual([
      ["sample_pool_sup", "sample_db"],
      ["sample_leaf_sup", "sample_leaf_1"],
    ]);
    expect(await beam.command("outbox")).toMatch(/pending 0 failures 0 dropped 0/);
  });
});
