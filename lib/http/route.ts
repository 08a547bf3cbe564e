// The one route-handler wrapper. A route declares who may call it and the schemas of its params, query and body;
// the wrapper authenticates, parses, assigns a request id, calls the handler, and maps every error to problem+json
// (or to a route's own error shape, as OFREP needs). Handlers return data (sent as JSON 200) or a Response.
import "server-only";
import { randomUUID } from "node:crypto";
import type { ZodType } from "zod";
import type { AuditActor } from "../audit/record";
import { authenticate } from "../auth/authenticate";
import { actorOf, can, type Permission, type Principal } from "../auth/policy";
import { sameSecret } from "../auth/secrets";
import { anonymousEvaluationAllowed } from "../env";
import { clientIpOf } from "./client-ip";
import { AppError } from "./errors";
import { problemResponse, toAppError, zodToAppError } from "./problem";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Who may call a route: anyone ("public"), or a caller whose role or token scopes grant the permission. */
export type Access = "public" | Permission;

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
  /** Renders errors in a protocol's own shape (OFREP); defaults to problem+json. */
  renderError?: (error: AppError, requestId: string) => Response;
};

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export function route<P = undefined, Q = undefined, B = undefined>(config: RouteConfig<P, Q, B>) {
  return async function handle(request: Request, context: NextRouteContext): Promise<Response> {
    const requestId = requestIdOf(request);
    try {
      const principal = await authenticate(request);
      authorize(config.auth, principal);
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
      return config.renderError ? config.renderError(appError, requestId) : problemResponse(appError, requestId);
    }
  };
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const CSRF_HEADER = "x-csrf-token";

function authorize(access: Access, principal: Principal) {
  if (access === "public") return;
  if (access === "evaluate" && principal.kind === "anonymous" && anonymousEvaluationAllowed()) return;
  if (principal.kind === "anonymous") {
    throw new AppError("unauthenticated", 'Sign in, or send an API token as "Authorization: Bearer <token>".');
  }
  if (!can(principal, access)) {
    const who =
      principal.kind === "user"
        ? `the ${principal.role} role`
        : `token "${principal.name}" (scopes: ${principal.scopes.join(", ")})`;
    throw new AppError("forbidden", `This needs the ${access} permission, which ${who} does not grant.`);
  }
}

/** A browser request that carries our cookies must come from our own pages. */
function checkOrigin(request: Request) {
  const origin = request.headers.get("origin");
  if (!origin || !request.headers.get("cookie")) return;
  const host = request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    // "null" or garbage: treated as foreign
  }
  if (!host || originHost !== host) throw new AppError("csrf_failed", "Cross-site request refused.");
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
  const parsed = await schema.safeParseAsync(input);
  if (!parsed.success) throw zodToAppError(parsed.error, source);
  return parsed.data;
}

/** Reads a JSON body: application/json (or +json) only, at most maxBytes, valid JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw new AppError(
      "unsupported_media_type",
      `Send the body as JSON with "Content-Type: application/json"${type ? ` (got "${type}")` : ""}.`,
    );
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readLimited(request, maxBytes);
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") throw new AppError("invalid_json", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_json", `The request body is not valid JSON: ${(error as Error).message}`);
  }
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
      throw tooLarge(maxBytes);
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

function tooLarge(maxBytes: number) {
  return new AppError("payload_too_large", `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(data), { ...init, headers });
}
