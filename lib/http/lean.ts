// The lean HTTP path: routes the custom server (scripts/lib/server.ts) answers in node:http before Next.js sees a
// request, where Next's route handlers cost too much (OFREP evaluation, see docs/BENCHMARKS.md) or do not fit
// (long-lived event streams). A lean route is a declaration, like a Next route: method, path, who may call it, the
// body limit, how its errors look, and a handler. The router runs the same spine as route() (lib/http/spine.ts).
// Written with callbacks, not async/await: in the production process every promise is tracked by Next's async
// context, and per-request promises were a measurable share of the evaluation's cost; when the authenticator
// answers synchronously, no promise is created.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Principal } from "../auth/policy";
import { AppError } from "./errors";
import { problemBody, toAppError } from "./problem";
import { authorize, bodyTooLarge, declaresTooMuch, requestIdFrom, requireJsonContentType, type Access } from "./spine";

/** Returns false, synchronously, when the request is not its to answer; otherwise answers it and returns true. */
export type LeanHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/** A finished answer: status, JSON text (or none) and extra headers. */
export type LeanAnswer = { status: number; json?: string; headers?: Record<string, string> };

export type LeanContext = {
  request: IncomingMessage;
  response: ServerResponse;
  requestId: string;
  principal: Principal;
  params: Readonly<Record<string, string>>;
  /** The body as text, when the route reads one (maxBodyBytes set). */
  body: string | undefined;
};

/** How a route (or a family of routes, e.g. OFREP's) renders an error; problem+json when not given. */
export type ErrorRenderer = (
  error: AppError,
  requestId: string,
  params: Readonly<Record<string, string>>,
) => LeanAnswer;

export type LeanRoute = {
  method: "GET" | "POST";
  /** Literal segments and `:name` parameters, e.g. "/ofrep/v1/evaluate/flags/:key". */
  path: string;
  access: Access;
  /** When set, the router checks the content type and reads a JSON body of at most this many bytes. */
  maxBodyBytes?: number;
  renderError?: ErrorRenderer;
  /** Answers the request itself. May throw: the error is rendered in the route's shape. */
  handle(context: LeanContext): void;
};

/** Paths under a prefix belong to the lean path even when no route matches (404 in that family's shape). */
export type LeanFamily = { prefix: string; renderError: ErrorRenderer };

export type LeanRouterDeps = {
  routes: readonly LeanRoute[];
  families?: readonly LeanFamily[];
  /** Who is calling; may answer synchronously. Throws (or rejects) an AppError for a credential that is not valid. */
  authenticate: (headers: IncomingHttpHeaders) => Principal | Promise<Principal>;
  anonymousEvaluation: () => boolean;
};

export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

export function pathOf(url: string | undefined): string {
  if (!url) return "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

type CompiledRoute = LeanRoute & { segments: string[] };

export function createLeanRouter(deps: LeanRouterDeps): LeanHandler {
  const routes: CompiledRoute[] = deps.routes.map((route) => ({ ...route, segments: route.path.split("/") }));
  const families = deps.families ?? [];
  const firstSegments = new Set(routes.map((route) => `/${route.segments[1]}/`));
  for (const family of families) firstSegments.add(family.prefix);

  return function handleLean(request, response) {
    const url = request.url;
    if (url === undefined || !startsWithAny(url, firstSegments)) return false;
    const path = pathOf(url);
    const segments = path.split("/");
    let allowed: string[] | undefined;
    for (const route of routes) {
      const params = match(route.segments, segments);
      if (!params) continue;
      if (route.method !== request.method) {
        (allowed ??= []).push(route.method);
        continue;
      }
      serve(route, params, request, response, deps);
      return true;
    }
    const family = families.find((f) => path.startsWith(f.prefix));
    const owner = allowed ? routes.find((route) => match(route.segments, segments)) : undefined;
    if (!allowed && !family) return false;
    const requestId = requestIdFrom(single(request.headers["x-request-id"]));
    const render = owner?.renderError ?? family?.renderError ?? renderProblem;
    const error = allowed
      ? new AppError("method_not_allowed", `${path} takes ${allowed.join(" or ")}.`, {
          headers: { allow: allowed.join(", ") },
        })
      : new AppError("not_found", `There is no endpoint ${path}.`);
    send(response, render(error, requestId, {}), requestId);
    return true;
  };
}

function serve(
  route: CompiledRoute,
  params: Record<string, string>,
  request: IncomingMessage,
  response: ServerResponse,
  deps: LeanRouterDeps,
): void {
  const requestId = requestIdFrom(single(request.headers["x-request-id"]));
  // The same mapping as route(): AppErrors as they are, an unreachable database as 503 with Retry-After, anything
  // else as a logged, generic 500.
  const fail = (error: unknown) => {
    const { appError, unexpected } = toAppError(error);
    if (unexpected) console.error(`[${requestId}] phasegate: ${request.method} ${request.url} failed`, error);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    send(response, (route.renderError ?? renderProblem)(appError, requestId, params), requestId);
  };
  const run = (principal: Principal, body: string | undefined) => {
    try {
      route.handle({ request, response, requestId, principal, params, body });
    } catch (error) {
      fail(error);
    }
  };
  const afterAuthentication = (principal: Principal) => {
    try {
      authorize(route.access, principal, deps.anonymousEvaluation);
      if (route.maxBodyBytes === undefined) return run(principal, undefined);
      requireJsonContentType(request.headers["content-type"]);
      readBody(request, route.maxBodyBytes, (error, text) => {
        if (!error) return run(principal, text);
        // Close the connection rather than read the rest of an oversized body.
        if (error instanceof AppError && error.code === "payload_too_large") response.setHeader("connection", "close");
        fail(error);
      });
    } catch (error) {
      fail(error);
    }
  };
  try {
    const principal = deps.authenticate(request.headers);
    if (isPromise(principal)) principal.then(afterAuthentication, fail);
    else afterAuthentication(principal);
  } catch (error) {
    fail(error);
  }
}

function match(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  let params: Record<string, string> | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = segments[i]!;
    if (expected.startsWith(":")) {
      if (actual === "") return undefined;
      (params ??= {})[expected.slice(1)] = decodeSegment(actual);
    } else if (expected !== actual) return undefined;
  }
  return params ?? NO_PARAMS;
}

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** A segment that is not valid percent-encoding is taken as it is (it then names nothing). */
function decodeSegment(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function startsWithAny(url: string, prefixes: ReadonlySet<string>): boolean {
  for (const prefix of prefixes) if (url.startsWith(prefix)) return true;
  return false;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export const renderProblem: ErrorRenderer = (error, requestId) => ({
  status: error.status,
  json: JSON.stringify(problemBody(error, requestId)),
  headers: { "content-type": "application/problem+json", ...error.headers },
});

/** Sends an answer with the request id. A flat [name, value, ...] header list: cheaper for node:http than an object. */
export function send(response: ServerResponse, answer: LeanAnswer, requestId: string): void {
  const list = ["x-request-id", requestId];
  let contentType = "application/json";
  let cacheControl = false;
  const extra = answer.headers;
  if (extra) {
    for (const name in extra) {
      if (name === "content-type") contentType = extra[name]!;
      else {
        if (name === "cache-control") cacheControl = true;
        list.push(name, extra[name]!);
      }
    }
  }
  if (answer.json === undefined) {
    response.writeHead(answer.status, list);
    response.end();
    return;
  }
  list.push("content-type", contentType, "content-length", String(Buffer.byteLength(answer.json)));
  if (!cacheControl) list.push("cache-control", "no-store");
  response.writeHead(answer.status, list);
  response.end(answer.json);
}

/**
 * Reads the whole body as UTF-8, refusing more than `maxBytes` (checked against Content-Length first) with the
 * spine's payload_too_large error. A callback, not a promise: this is on the evaluation hot path.
 */
export function readBody(
  request: IncomingMessage,
  maxBytes: number,
  done: (error: Error | null, text: string) => void,
): void {
  if (declaresTooMuch(request.headers["content-length"], maxBytes)) return done(bodyTooLarge(maxBytes), "");
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
    if (total > maxBytes) return finish(bodyTooLarge(maxBytes), "");
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
