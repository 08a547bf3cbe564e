// The Erlang flag client on a real BEAM node against Phasegate's real OFREP routes: its local answers equal
// Phasegate's for 1,000 ids of each id type, and a flag change reaches the node's ETS over the event stream.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as flagClientsRoute } from "./route";
import { personCaller, tokenCaller } from "@/lib/auth/testing/principals";
import type { FlagClientsDto } from "@/lib/flags/serializers";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { db } from "@/lib/db/client";
import { getFlagSnapshot } from "@/lib/flags/snapshot-store";
import { changeFlag } from "@/lib/flags/testing/change-flag";
import { isEnabledForId, percentage } from "@/lib/flags/value";
import { waitFor } from "@/lib/testing/wait-for";
import { startBeamNode, type BeamNode } from "@/lib/supervision/testing/beam-node";
import { erlangIds, erlangTermsFile } from "@/lib/supervision/testing/erlang-ids";
import { startRestartableServer, type RestartableServer } from "@/lib/supervision/testing/restartable-server";

const NODE = "flags@beam-test";
const FLAG = "use_sync_test_apis";
let server: RestartableServer;
let beam: BeamNode;
let token: string;
let dir: string;

beforeAll(async () => {
  token = (await tokenCaller(["evaluate", "ingest"])).headers.authorization!.slice("Bearer ".length);
  await changeFlag(db(), FLAG, percentage(37));
  server = await startRestartableServer();
  dir = mkdtempSync(join(tmpdir(), "phasegate-flag-ids-"));
  beam = startBeamNode({
    config: {
      url: server.baseUrl,
      token,
      node_name: NODE,
      reporter: false,
      // Polling is the fallback; a minute means only the event stream can deliver a change within a second.
      flag_poll_ms: 60_000,
    },
  });
});

afterAll(async () => {
  await beam?.stop();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const held = async () => (await beam.command("held")).replace(/^<<"(.*)">>$/, "$1");

describe("the Erlang flag client on a real node", () => {
  it("holds Phasegate's flag set and reports which one", async () => {
    const { etag } = await getFlagSnapshot();
    await waitFor("the node to hold the current flag set", async () => (await held()) === etag, { timeoutMs: 15_000 });
    const [sync] = await waitFor("the node's report of what it holds", async () => {
      const rows = await db().$queryRaw<{ etag: string }[]>`SELECT etag FROM flag_client_syncs WHERE node = ${NODE}`;
      return rows.length ? rows : undefined;
    });
    expect(sync!.etag).toBe(etag);
  });

  for (const idType of ["string", "integer", "atom"] as const) {
    it(`answers like Phasegate for 1,000 ${idType} ids`, async () => {
      const list = erlangIds(idType);
      const input = join(dir, `${idType}.eterm`);
      const output = join(dir, `${idType}.out`);
      writeFileSync(input, erlangTermsFile(list));
      expect(await beam.command(`eval ${FLAG} ${input} ${output}`)).toBe("1000");
      const answers = readFileSync(output, "utf8").trim().split("\n");
      const expected = list.map((id) => (isEnabledForId(FLAG, percentage(37), id.key, idType) ? "1" : "0"));
      expect(answers).toEqual(expected);
      expect(answers.filter((a) => a === "1").length).toBeGreaterThan(250);
      // And Phasegate's own HTTP answer for a few of them.
      for (const id of list.slice(0, 20)) {
        const response = await fetch(`${server.baseUrl}/ofrep/v1/evaluate/flags/${FLAG}`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ context: { targetingKey: id.key, idType } }),
        });
        const body = (await response.json()) as { value: boolean };
        expect(body.value ? "1" : "0").toBe(answers[list.indexOf(id)]);
      }
    });
  }

  it("sees a flag change in ETS within a second, over the event stream", async () => {
    const before = await getFlagSnapshot();
    await waitFor("the node to hold the current flag set", async () => (await held()) === before.etag);
    const changedAt = Date.now();
    await changeFlag(db(), FLAG, percentage(81));
    await waitFor(
      "the node's ETS to hold 81%",
      async () => (await beam.command(`lookup ${FLAG}`)) === `[{${FLAG},81}]`,
      { timeoutMs: 1_000 },
    );
    expect(Date.now() - changedAt).toBeLessThan(1_000);
  });

  it("shows on the Flags page's API that the node converged, and how long it took", async () => {
    const viewer = (await personCaller("viewer")).headers;
    const clients = await waitFor("the node to report the new flag set", async () => {
      const body = await jsonOf<FlagClientsDto>(
        await callRoute(flagClientsRoute, "/api/v1/flag-clients", { headers: viewer }),
      );
      return body.nodes.some((n) => n.node === NODE && n.converged) ? body : undefined;
    });
    expect(clients.etag).toBe((await getFlagSnapshot()).etag);
    expect(clients.slowestMs).toBeGreaterThanOrEqual(0);
    expect(clients.slowestMs).toBeLessThan(1_000);
  });
});
