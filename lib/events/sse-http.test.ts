// The event-stream handler in a real node:http server on loopback (no database): framing, heartbeats, refusal,
// and ending every stream on close().
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../testing/wait-for";
import { createEventHub } from "./hub";
import { createEventStreamHandler, phasegateFrame, type EventStreamHandler } from "./sse-http";

const hub = createEventHub();
let handler: EventStreamHandler;
let server: http.Server;
let base: string;

beforeAll(async () => {
  handler = createEventStreamHandler({
    path: "/events",
    hub,
    authenticate: (headers) =>
      headers.authorization === "Bearer ok" ? { ok: true } : { ok: false, status: 401, detail: "no" },
    createWriter: () => phasegateFrame,
    deny: (response, decision) => response.writeHead(decision.status).end(decision.detail),
    heartbeatMs: 20,
    retryMs: 1234,
  });
  server = http.createServer((request, response) => {
    if (!handler(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  handler.close();
  await new Promise((resolve) => server.close(resolve));
});

async function open() {
  const response = await fetch(`${base}/events`, { headers: { authorization: "Bearer ok" } });
  const stream = { response, text: "", ended: false };
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
        stream.text += decoder.decode(chunk.value, { stream: true });
    } catch {
      // connection closed
    }
    stream.ended = true;
  })();
  return stream;
}

describe("event streams", () => {
  it("open with a retry hint, frame hub events, and send heartbeat comments", async () => {
    const stream = await open();
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await waitFor("the stream to open", () => stream.text.startsWith("retry: 1234\n: connected\n\n"));
    await waitFor("a subscriber", () => hub.subscriberCount > 0);
    hub.publish({ type: "phase.advanced", from: 2, to: 3, version: 4 });
    await waitFor("the event", () =>
      stream.text.includes('event: phase.advanced\ndata: {"from":2,"to":3,"version":4}\n\n'),
    );
    await waitFor("two heartbeats", () => stream.text.split(": keep-alive\n\n").length > 2);
  });

  it("refuse callers the authenticator refuses, and methods other than GET", async () => {
    const refused = await fetch(`${base}/events`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toBe("no");
    const post = await fetch(`${base}/events`, { method: "POST", headers: { authorization: "Bearer ok" } });
    expect(post.status).toBe(405);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it("end every open stream on close(), and unsubscribe them", async () => {
    const streams = [await open(), await open()];
    await waitFor(
      "both streams to open",
      () => streams.every((s) => s.text.includes(": connected")) && handler.connections >= 2,
    );
    handler.close();
    await waitFor("both streams to end", () => streams.every((s) => s.ended));
    expect(handler.connections).toBe(0);
    await waitFor("no subscribers left", () => hub.subscriberCount === 0);
  });
});
