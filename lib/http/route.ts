// The one route-handler wrapper for Next's route handlers. A route declares who may call it and the schemas of its
// params, query and body; the wrapper runs the request spine (lib/http/spine.ts: request id, permission, content
// type, body limit, JSON), parses with the schemas, calls the handler, and maps every error to problem+json.
// Handlers return data (sent as JSON 200) or a Response.
import "server-only";
import type { ZodType } from "zod";
import type { AuditActor } from "../audit/record";
import { authenticate, isHttps } from "../auth/authenticate";
import { actorOf, type Principal } from "../auth/policy";
import { sameSecret } from "../auth/secrets";
import { anonymousEvaluationAllowed } from "../env";
import { clientIpOf } from "./client-ip";
import { AppError } from "./errors";
import { NO_NUL, pathToNul } from "./fields";
import { problemResponse, toAppError, zodToAppError } from "./problem";
import {
  authorize,
  bodyTooLarge,
  declaresTooMuch,
  DEFAULT_MAX_BODY_BYTES,
  parseJsonBody,
  requestIdFrom,
  requireJsonContentType,
  type Access,
} from "./spine";

export type HandlerContext<P, Q, B> = {
  request: Request;
  params: P;
  query: Q;
  body: B;
  requestId: string;
  principal: Principal;
  /** The principal as the audit trail names it. */
  actor: AuditActor;
  clientIp: string;
};

type Schema<T> = ZodType<T>;

export type RouteConfig<P, Q, B> = {
  auth: Access;
  params?: Schema<P>;
  query?: Schema<Q>;
  body?: Schema<B>;
  maxBodyBytes?: number;
  /** Browser sessions must echo their CSRF token on state-changing requests; only sign-in opts out. */
  csrf?: boolean;
  handler: (context: HandlerContext<P, Q, B>) => Promise<unknown> | unknown;
};

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

function requestIdOf(request: Request): string {
  return requestIdFrom(request.headers.get("x-request-id"));
}

export function route<P = undefined, Q = undefined, B = undefined>(config: RouteConfig<P, Q, B>) {
  return async function handle(request: Request, context: NextRouteContext): Promise<Response> {
    const requestId = requestIdOf(request);
    try {
      const principal = await authenticate(request);
      authorize(config.auth, principal, anonymousEvaluationAllowed);
      if (UNSAFE.has(request.method)) checkOrigin(request);
      if (UNSAFE.has(request.method) && principal.kind === "user" && config.csrf !== false)
        checkCsrf(request, principal.csrfToken);
      const params = await parsePart(config.params, (await context?.params) ?? {}, "params");
      const query = await parsePart(config.query, Object.fromEntries(new URL(request.url).searchParams), "query");
      const body = config.body
        ? await parsePart(
            config.body,
            await readJsonBody(request, config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
            "body",
          )
        : (undefined as B);
      const result = await config.handler({
        request,
        params,
        query,
        body,
        requestId,
        principal,
        actor: actorOf(principal),
        clientIp: clientIpOf(request),
      });
      const response = result instanceof Response ? result : json(result);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      const { appError, unexpected } = toAppError(error);
      if (unexpected) console.error(`[${requestId}] ${request.method} ${new URL(request.url).pathname} failed`, error);
      return problemResponse(appError, requestId);
    }
  };
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const CSRF_HEADER = "x-csrf-token";

/** A browser request that carries our cookies must come from our own pages: same scheme, host and port. */
function checkOrigin(request: Request) {
  const origin = request.headers.get("origin");
  if (!origin || !request.headers.get("cookie")) return;
  const host = request.headers.get("host");
  const ours = host ? originOf(`${isHttps(request) ? "https" : "http"}://${host}`) : null;
  if (!ours || originOf(origin) !== ours) throw new AppError("csrf_failed", "Cross-site request refused.");
}

/** scheme://host[:port], with the scheme's default port left out; null for "null" or garbage (foreign). */
function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function checkCsrf(request: Request, expected: string) {
  const given = request.headers.get(CSRF_HEADER) ?? "";
  if (!given || !sameSecret(given, expected)) {
    throw new AppError("csrf_failed", "Missing or stale CSRF token; reload the page and try again.");
  }
}

async function parsePart<T>(
  schema: Schema<T> | undefined,
  input: unknown,
  source: "params" | "query" | "body",
): Promise<T> {
  if (!schema) return undefined as T;
  refuseNul(input, source);
  const parsed = await schema.safeParseAsync(input);
  if (!parsed.success) throw zodToAppError(parsed.error, source);
  return parsed.data;
}

/** No string with a NUL character reaches a handler: PostgreSQL cannot store one, and no field needs one. */
function refuseNul(input: unknown, source: "params" | "query" | "body") {
  const path = pathToNul(input);
  if (!path) return;
  const name = [source, ...path].join(".");
  throw new AppError("validation_failed", `${name}: ${NO_NUL}`, { invalidParams: [{ name, reason: NO_NUL }] });
}

/** Reads a JSON body: application/json (or +json) only, at most maxBytes, valid JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  requireJsonContentType(request.headers.get("content-type"));
  if (declaresTooMuch(request.headers.get("content-length"), maxBytes)) throw bodyTooLarge(maxBytes);
  return parseJsonBody(new TextDecoder().decode(await readLimited(request, maxBytes)));
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(data), { ...init, headers });
}
