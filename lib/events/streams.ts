// Server-sent event streams on the lean path. One registry per process holds every open stream with whose it is
// (person and session, or token, or an anonymous address), so it can:
// - send each caller only the events its permissions allow (lib/events/vocabulary.ts: audience);
// - end the streams an event revokes (a revoked token, a signed-out session, a disabled person or changed role),
//   on every instance, since those events arrive over NOTIFY;
// - cap the streams one caller may hold open.
// Heartbeat comments keep proxies from closing an idle stream; `retry:` tells browsers how soon to reconnect.
// Clients that fall too far behind are dropped (they reconnect and re-fetch).
import type { ServerResponse } from "node:http";
import { can, type Principal } from "../auth/policy";
import { AppError } from "../http/errors";
import { CLIENT_IP_HEADER } from "../http/client-ip";
import type { LeanContext } from "../http/lean";
import type { EventHub } from "./hub";
import { EVENTS, streamEnding, type PhasegateEvent, type StreamEnding } from "./vocabulary";

/** Turns an event into an SSE frame for one connection, or undefined to send nothing. */
export type StreamWriter = (event: PhasegateEvent) => string | undefined;

export type StreamRegistryOptions = {
  hub: EventHub;
  heartbeatMs?: number;
  retryMs?: number;
  /** Buffered bytes after which a slow client is disconnected. */
  maxBufferedBytes?: number;
  /** Open streams one caller (a person, a token, an anonymous address) may hold. */
  maxPerCaller?: number;
};

export type StreamRegistry = {
  /** Answers the request with a stream; throws AppError rate_limited when the caller holds too many. */
  open(context: LeanContext, writer: StreamWriter): void;
  /** Ends every open stream (server shutdown). */
  close(): void;
  readonly connections: number;
};

type OpenStream = {
  response: ServerResponse;
  caller: string;
  owner: StreamEnding;
  writer: StreamWriter;
  end(): void;
};

export function createStreamRegistry(options: StreamRegistryOptions): StreamRegistry {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retryMs = options.retryMs ?? 3_000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const maxPerCaller = options.maxPerCaller ?? 16;
  const open = new Set<OpenStream>();

  const send = (stream: OpenStream, frame: string) => {
    if (stream.response.writableLength > maxBuffered) return stream.response.destroy();
    stream.response.write(frame);
  };

  const unsubscribe = options.hub.subscribe((event) => {
    const ending = streamEnding(event);
    for (const stream of [...open]) {
      if (ending && owns(stream.owner, ending)) {
        stream.end();
        continue;
      }
      const frame = stream.writer(event);
      if (frame !== undefined) send(stream, frame);
    }
  });

  return {
    open({ request, response, principal }, writer) {
      const caller = callerOf(principal, request.headers[CLIENT_IP_HEADER]);
      let held = 0;
      for (const stream of open) if (stream.caller === caller) held++;
      if (held >= maxPerCaller) {
        throw new AppError("rate_limited", `You already have ${held} live streams open; close some first.`, {
          headers: { "retry-after": String(Math.ceil(retryMs / 1000)) },
        });
      }
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
      const stream: OpenStream = { response, caller, owner: ownerOf(principal), writer, end: () => response.end() };
      open.add(stream);
      const heartbeat = setInterval(() => send(stream, ": keep-alive\n\n"), heartbeatMs);
      heartbeat.unref();
      response.on("close", () => {
        clearInterval(heartbeat);
        open.delete(stream);
      });
    },
    close() {
      unsubscribe();
      for (const stream of open) stream.end();
      open.clear();
    },
    get connections() {
      return open.size;
    },
  };
}

function ownerOf(principal: Principal): StreamEnding {
  if (principal.kind === "user") return { userId: principal.userId, sessionId: principal.sessionId };
  if (principal.kind === "token") return { tokenId: principal.tokenId };
  return {};
}

function owns(owner: StreamEnding, ending: StreamEnding): boolean {
  return (
    (ending.userId !== undefined && owner.userId === ending.userId) ||
    (ending.sessionId !== undefined && owner.sessionId === ending.sessionId) ||
    (ending.tokenId !== undefined && owner.tokenId === ending.tokenId)
  );
}

function callerOf(principal: Principal, address: string | string[] | undefined): string {
  if (principal.kind === "user") return `user:${principal.userId}`;
  if (principal.kind === "token") return `token:${principal.tokenId}`;
  return `address:${String(address ?? "unknown")}`;
}

/** Phasegate's own format: `event: flag.changed` + `data: {key, version, value, ...}`. */
export function phasegateFrame(event: PhasegateEvent): string {
  const { type, ...data } = event;
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The dashboard stream: every event whose audience the caller's permissions include, in Phasegate's format. */
export function dashboardWriter(principal: Principal): StreamWriter {
  return (event) => {
    const audience = EVENTS[event.type].audience;
    return audience !== "internal" && can(principal, audience) ? phasegateFrame(event) : undefined;
  };
}
