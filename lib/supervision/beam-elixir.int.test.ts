// The reporter on an Elixir node with Logger's default configuration (handle_sasl_reports: false), where
// supervisor reports never reach a handler. Debian's elixir runs the node; on top of Logger's defaults the test
// installs the primary filter later Elixir versions use to drop [otp, sasl] reports, so both ways of dropping
// them are in place, and the reporter must still count every restart.
import { afterAll, beforeAll, expect, it } from "vitest";
import { tokenCaller } from "../auth/testing/principals";
import { db } from "../db/client";
import { waitFor } from "../testing/wait-for";
import { startElixirNode, type BeamNode } from "./testing/beam-node";
import { startRestartableServer, type RestartableServer } from "./testing/restartable-server";

const NODE = "elixir@beam-test";
let server: RestartableServer;
let beam: BeamNode;

beforeAll(async () => {
  const ingest = await tokenCaller(["ingest"]);
  server = await startRestartableServer();
  beam = startElixirNode({
    config: {
      url: server.baseUrl,
      token: ingest.headers.authorization!.slice("Bearer ".length),
      node_name: NODE,
      roots: ["sample_root_sup"],
      flags: false,
      snapshot_interval_ms: 200,
      flush_interval_ms: 50,
      // This server serves no /api/v1/ingest (an app route); interval reports are tested in beam-interval-reports.
      interval_reports: false,
    },
    before:
      "ok = logger:add_primary_filter(elixir_drops_sasl, {fun logger_filters:domain/2, {stop, sub, [otp, sasl]}})",
  });
});

afterAll(async () => {
  await beam?.stop();
  await server?.close();
});

it("counts restarts on an Elixir node whose Logger drops supervisor reports", async () => {
  for (let i = 0; i < 3; i++) expect(await beam.command("kill sample_cache")).toBe("ok");
  const rows = await waitFor(
    "three restarts from the Elixir node",
    async () => {
      const found = await db().$queryRaw<{ supervisor: string; child_id: string }[]>`
        SELECT supervisor, child_id FROM supervision_restarts WHERE node = ${NODE}`;
      return found.length >= 3 ? found : undefined;
    },
    { timeoutMs: 20_000 },
  );
  expect(rows).toEqual(Array(3).fill({ supervisor: "sample_pool_sup", child_id: "sample_cache" }));
  // Logger's defaults really dropped them: no handler printed a supervisor report.
  expect(beam.output()).not.toMatch(/child_terminated|SUPERVISOR REPORT|Child :?sample_cache/);
});
