// Both Erlang clients on a real node (erl, OTP 25) against a "Phasegate" that misbehaves on purpose: answering 500,
// answering garbage with 200, and never answering at all. The host's tree and the clients' own processes must
// stay up (no crash, no restart), the flag client must keep the last good flags, and all of it must recover once
// Phasegate behaves again.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../testing/wait-for";
import { startBeamNode, type BeamNode } from "./testing/beam-node";

type Mode = "good" | "500" | "garbage" | "hang";
let mode: Mode = "good";
let percentage = 37;
const seen: Record<string, number> = {};
const held: http.ServerResponse[] = [];
/** The `seq` of every stuffed report Phasegate accepted. */
const stuffedSeen: number[] = [];
let server: http.Server;
let beam: BeamNode;

function answer(request: http.IncomingMessage, response: http.ServerResponse) {
  const path = request.url?.split("?")[0] ?? "";
  seen[`${mode} ${path}`] = (seen[`${mode} ${path}`] ?? 0) + 1;
  if (mode === "hang") return void held.push(response);
  if (mode === "500") return void response.writeHead(500, { "content-type": "application/json" }).end("{}");
  if (mode === "garbage") {
    const type = path.endsWith("/events") ? "text/event-stream" : "application/json";
    return void response.writeHead(200, { "content-type": type, etag: '"garbage"' }).end("data: {{{\n\n\u0000]]}");
  }
  if (path === "/ofrep/v1/evaluate/flags") {
    const flags = [
      { key: "use_v2_coordinator", reason: "SPLIT", value: false, metadata: { percentage } },
      { key: "use_reliable_messaging", reason: "STATIC", value: true },
    ];
    return void response
      .writeHead(200, { "content-type": "application/json", etag: `"v${percentage}.subject"` })
      .end(JSON.stringify({ flags }));
  }
  // The event stream: open, silent (polling brings changes); ingest and flag-sync: accepted.
  if (path === "/ofrep/v1/events") return void response.writeHead(200, { "content-type": "text/event-stream" });
  response.writeHead(202, { "content-type": "application/json" }).end('{"accepted":1,"duplicates":0}');
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (mode === "good" && request.url === "/api/v1/ingest") {
        const { reports } = JSON.parse(Buffer.concat(chunks).toString()) as { reports: { seq?: number }[] };
        for (const r of reports) if (r.seq !== undefined) stuffedSeen.push(r.seq);
      }
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  beam = startBeamNode({
    config: {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: "pgt_misbehaving",
      node_name: "misbehaving@beam-test",
      roots: ["sample_root_sup"],
      snapshot_interval_ms: 100,
      flush_interval_ms: 50,
      interval_seconds: 1,
      flag_poll_ms: 100,
      request_timeout_ms: 300,
      backoff_max_ms: 200,
      buffer_max_bytes: 20_000,
    },
  });
});

afterAll(async () => {
  await beam?.stop();
  for (const response of held) response.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const lookup = () => beam.command("lookup use_v2_coordinator");

describe("the Erlang clients when Phasegate misbehaves", () => {
  let healthy: string;

  it("hold Phasegate's flags while it behaves", async () => {
    await waitFor("the node to hold 37%", async () => (await lookup()) === "[{use_v2_coordinator,37}]", {
      timeoutMs: 20_000,
    });
    healthy = await beam.command("clients");
    expect(healthy).toMatch(/phasegate_flags[\s\S]*phasegate_metrics[\s\S]*phasegate_outbox[\s\S]*host true$/);
  });

  for (const bad of ["500", "garbage", "hang"] as const) {
    it(`keep the host, their processes and the last good flags while Phasegate answers ${bad}`, async () => {
      mode = bad;
      const before = { ...seen };
      // Each client has tried, more than once, against the misbehaving server.
      await waitFor(
        `the clients to try again while Phasegate answers ${bad}`,
        () =>
          // (Snapshots go after reports, so a failing report holds them back: not counted here.)
          ["/ofrep/v1/evaluate/flags", "/api/v1/ingest"].every(
            (path) => (seen[`${bad} ${path}`] ?? 0) - (before[`${bad} ${path}`] ?? 0) >= 2,
          ),
        { timeoutMs: 15_000 },
      );
      expect(await lookup()).toBe("[{use_v2_coordinator,37}]");
      expect(await beam.command("enabled_for_id use_v2_coordinator 42")).toMatch(/^(true|false)$/);
      // Same pids: nothing crashed and was restarted.
      expect(await beam.command("clients")).toBe(healthy);
      mode = "good";
    });
  }

  it("stay within the memory bound while Phasegate is down, dropping the oldest and saying so", async () => {
    mode = "500";
    await waitFor("a failed send", async () => /failures [1-9]/.test(await beam.command("outbox")), {
      timeoutMs: 10_000,
    });
    expect(await beam.command("stuff 60")).toBe("ok");
    const stats = /dropped (\d+) reports (\d+) bytes (\d+)/.exec(await beam.command("outbox"))!;
    expect(Number(stats[1])).toBeGreaterThan(0);
    expect(Number(stats[3])).toBeLessThanOrEqual(20_000);
    // The host's log says so (the logger prints from its own process: wait for it).
    await waitFor("the outbox's warning in the node's log", () =>
      /outbox over 20000 bytes while Phasegate is unreachable; dropped \d+ reports so far/.test(beam.output()),
    );
    mode = "good";
    await waitFor(
      "the kept reports delivered",
      async () => /pending 0 failures 0 dropped \d+ reports 0/.test(await beam.command("outbox")),
      { timeoutMs: 10_000 },
    );
    // The newest were kept: what arrived is a run ending with the last one stuffed.
    expect(stuffedSeen.length).toBeGreaterThan(0);
    expect(stuffedSeen.length).toBeLessThan(60);
    expect(stuffedSeen).toEqual(Array.from({ length: stuffedSeen.length }, (_, k) => 61 - stuffedSeen.length + k));
  });

  it("recover once Phasegate behaves again", async () => {
    for (const response of held.splice(0)) response.destroy();
    percentage = 64;
    await waitFor("the node to hold 64%", async () => (await lookup()) === "[{use_v2_coordinator,64}]", {
      timeoutMs: 10_000,
    });
    await waitFor("the outbox to drain", async () => /pending 0 failures 0/.test(await beam.command("outbox")), {
      timeoutMs: 10_000,
    });
    expect(await beam.command("clients")).toBe(healthy);
  });
});
