// Server-sent event streams on the lean path: each connection subscribes to the hub and receives the events its
// format chooses to send. Heartbeat comments every 15 s keep proxies from closing an idle stream; `retry:` tells
// browsers how soon to reconnect. Clients that fall too far behind are dropped (they reconnect and re-fetch).
import type { IncomingMessage, ServerResponse } from "node:http";
import { pathOf, type AccessDecision, type Authenticate, type LeanHandler } from "../http/lean";
import type { EventHub, HubEvent } from "./hub";

/** Turns an event into an SSE frame for one connection, or undefined to send nothing. */
export type FrameWriter = (event: HubEvent) => string | undefined;

export type EventStreamOptions = {
  path: string;
  hub: EventHub;
  authenticate: Authenticate;
  /** Called once per connection, so a writer may keep per-connection state (e.g. skip duplicates). */
  createWriter: () => FrameWriter;
  /** Answers a refused connection in the protocol's own error shape. */
  deny: (response: ServerResponse, decision: Extract<AccessDecision, { ok: false }>) => void;
  heartbeatMs?: number;
  retryMs?: number;
  /** Buffered bytes after which a slow client is disconnected. */
  maxBufferedBytes?: number;
};

export type EventStreamHandler = LeanHandler & {
  /** Ends every open stream (server shutdown). */
  close(): void;
  readonly connections: number;
};

/** Phasegate's own format: `event: flag.changed` + `data: {key, version, value, ...}`. */
export function phasegateFrame(event: HubEvent): string {
  const { type, ...data } = event;
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createEventStreamHandler(options: EventStreamOptions): EventStreamHandler {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retryMs = options.retryMs ?? 3_000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const open = new Set<ServerResponse>();

  const stream = async (request: IncomingMessage, response: ServerResponse) => {
    const decision = await options.authenticate(request.headers);
    if (!decision.ok) return options.deny(response, decision);
    // The caller may have gone while we were deciding.
    if (request.socket.destroyed) return;

    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Tells nginx-style proxies not to buffer the stream.
      "x-accel-buffering": "no",
    });
    request.socket.setNoDelay(true);
    request.socket.setTimeout(0);
    response.write(`retry: ${retryMs}\n: connected\n\n`);
    open.add(response);

    const writer = options.createWriter();
    const send = (frame: string) => {
      if (response.writableLength > maxBuffered) {
        response.destroy();
        return;
      }
      response.write(frame);
    };
    const unsubscribe = options.hub.subscribe((event) => {
      const frame = writer(event);
      if (frame !== undefined) send(frame);
    });
    const heartbeat = setInterval(() => send(": keep-alive\n\n"), heartbeatMs);
    heartbeat.unref();
    response.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(response);
    });
  };

  const handler = ((request: IncomingMessage, response: ServerResponse) => {
    if (pathOf(request.url) !== options.path) return false;
    if (request.method !== "GET") {
      response.writeHead(405, { allow: "GET", "content-type": "text/plain" });
      response.end("Method not allowed: open the stream with GET.\n");
      return true;
    }
    stream(request, response).catch((error: unknown) => {
      console.error(`phasegate: event stream ${options.path} failed`, error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end();
    });
    return true;
  }) as EventStreamHandler;

  handler.close = () => {
    for (const response of open) response.end();
    open.clear();
  };
  Object.defineProperty(handler, "connections", { get: () => open.size });
  return handler;
}
