// The lean HTTP path: handlers the custom server (scripts/lib/server.ts) runs in node:http before Next.js sees a
// request. Used where Next's route handlers cost too much (OFREP evaluation, see docs/BENCHMARKS.md) or do not fit
// (long-lived event streams). No next, no prisma.
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

/**
 * Returns false, synchronously, when the request is not its to answer; otherwise true, and it answers the request
 * itself (asynchronously, never rejecting: failures become a 500).
 */
export type LeanHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403; detail: string };

/**
 * Decides from the request headers alone (bearer token, X-API-Key, session cookie). May answer synchronously
 * (a cache hit, anonymous access): the hot path then creates no promise at all.
 */
export type Authenticate = (headers: IncomingHttpHeaders) => AccessDecision | Promise<AccessDecision>;

export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

export function pathOf(url: string | undefined): string {
  if (!url) return "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// A random per-process prefix and a counter: unique enough to find a request in the logs, and far cheaper than a
// UUID per evaluation.
const PROCESS_PREFIX = randomUUID().slice(0, 8);
let requestCounter = 0;

/** The caller's x-request-id when it is sane (same rule as lib/http/route.ts), else a new one. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given)
    ? given
    : `${PROCESS_PREFIX}-${(++requestCounter).toString(36)}`;
}

export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const semicolon = header.indexOf(";");
  const type = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = "application/json",
): void {
  sendJsonText(response, status, body === undefined ? undefined : JSON.stringify(body), headers, contentType);
}

/** Sends JSON that is already text (the hot path serialises its own answers), or no body at all. */
export function sendJsonText(
  response: ServerResponse,
  status: number,
  json: string | undefined,
  headers: Record<string, string> = {},
  contentType = "application/json",
): void {
  if (json === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  // A flat [name, value, ...] list: measurably cheaper for node:http than an object on this hot path.
  const list = ["content-type", contentType, "content-length", String(Buffer.byteLength(json))];
  if (!("cache-control" in headers)) list.push("cache-control", "no-store");
  for (const name in headers) list.push(name, headers[name]!);
  response.writeHead(status, list);
  response.end(json);
}

export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${Math.round(limitBytes / 1024)} KB.`);
  }
}

/**
 * Reads the whole body as UTF-8, refusing more than `maxBytes` (checked against Content-Length first). A callback,
 * not a promise: this is on the evaluation hot path.
 */
export function readBody(
  request: IncomingMessage,
  maxBytes: number,
  done: (error: Error | null, text: string) => void,
): void {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return done(new BodyTooLarge(maxBytes), "");
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let total = 0;
  let finished = false;
  const finish = (error: Error | null, text: string) => {
    if (finished) return;
    finished = true;
    request.removeListener("data", onData);
    request.removeListener("end", onEnd);
    request.removeListener("error", onError);
    done(error, text);
  };
  const onData = (chunk: Buffer) => {
    total += chunk.length;
    if (total > maxBytes) return finish(new BodyTooLarge(maxBytes), "");
    if (!first) first = chunk;
    else (more ??= [first]).push(chunk);
  };
  const onEnd = () =>
    finish(null, more ? Buffer.concat(more, total).toString("utf8") : (first?.toString("utf8") ?? ""));
  const onError = (error: Error) => finish(error, "");
  request.on("data", onData);
  request.on("end", onEnd);
  request.on("error", onError);
}
