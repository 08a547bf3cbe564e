// Requests that never reach a route handler, answered in the error contract instead of Next.js's bare
// "Internal Server Error" text or Node's empty 400/431: problem+json under /api, plain text elsewhere (pages).
// No next, no prisma: the custom server (scripts/lib/server.ts) calls these before Next.js sees a request.
import { randomUUID } from "node:crypto";
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { AppError } from "./errors";
import { problemBody } from "./problem";

/** The methods Next.js's route handlers know; anything else (TRACE, CONNECT, PROPFIND...) it answers with a 500. */
const ROUTABLE_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Answers a request Next.js cannot take (a method it does not route, a path that is not valid percent-encoding)
 * and returns true; returns false for every other request.
 */
export function refuseMalformedRequest(request: IncomingMessage, response: ServerResponse): boolean {
  const path = pathOf(request.url ?? "/");
  const method = request.method ?? "";
  let error: AppError | undefined;
  if (!ROUTABLE_METHODS.has(method)) {
    error = new AppError("not_implemented", `Phasegate does not answer ${method} requests.`);
  } else if (!decodes(path)) {
    error = new AppError("bad_request", "The request path is not valid percent-encoding.");
  }
  if (!error) return false;
  const requestId = randomUUID();
  const { body, type } = isApiPath(path)
    ? { body: JSON.stringify(problemBody(error, requestId)), type: "application/problem+json" }
    : { body: `${error.detail}\n`, type: "text/plain; charset=utf-8" };
  response.writeHead(error.status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-request-id": requestId,
  });
  response.end(method === "HEAD" ? undefined : body);
  return true;
}

/**
 * The server's 'clientError' listener: a request Node could not parse (a bad request line, headers over the
 * limit, too slow) gets a problem+json answer and the connection closes, instead of Node's empty 400 or 431.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const appError =
    error.code === "HPE_HEADER_OVERFLOW"
      ? new AppError("headers_too_large", "The request headers are larger than the server accepts.")
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? new AppError("request_timeout", "The request took too long to arrive.")
        : new AppError("bad_request", "The request is not valid HTTP/1.1.");
  const requestId = randomUUID();
  const body = JSON.stringify(problemBody(appError, requestId));
  socket.end(
    [
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}`,
      "Content-Type: application/problem+json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Cache-Control: no-store",
      `X-Request-Id: ${requestId}`,
      "Connection: close",
      "",
      body,
    ].join("\r\n"),
  );
}

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
