// The request spine: what every request passes through, whichever path serves it (route() for Next's route
// handlers, the lean router for OFREP and the event streams). Request ids, the body limit, the content-type rule,
// JSON parsing and the permission check (with the anonymous-evaluation rule) are decided here, once. No next, no
// prisma: the lean path runs it in node:http before Next sees the request.
import { randomUUID } from "node:crypto";
import { can, type Permission, type Principal } from "../auth/policy";
import { AppError } from "./errors";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Who may call a route: anyone ("public"), a caller whose role or token scopes grant the permission, or any one of
 * several permissions (e.g. a CI run posted with an ingest token or by an operator).
 */
export type Access = "public" | Permission | readonly Permission[];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// A random per-process prefix and a counter: unique enough to find a request in the logs, and far cheaper than a
// UUID per evaluation.
const PROCESS_PREFIX = randomUUID().slice(0, 8);
let requestCounter = 0;

/** The caller's x-request-id when it is sane, else a new one. */
export function requestIdFrom(given: string | null | undefined): string {
  return typeof given === "string" && REQUEST_ID.test(given)
    ? given
    : `${PROCESS_PREFIX}-${(++requestCounter).toString(36)}`;
}

export function isJsonContentType(header: string | null | undefined): boolean {
  if (!header) return false;
  const semicolon = header.indexOf(";");
  const type = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

/** A body must be JSON (application/json or +json); the refusal names what was sent. */
export function requireJsonContentType(header: string | null | undefined): void {
  if (isJsonContentType(header)) return;
  const type = header?.split(";")[0]!.trim();
  throw new AppError(
    "unsupported_media_type",
    `Send the body as JSON with "Content-Type: application/json"${type ? ` (got "${type}")` : ""}.`,
  );
}

export function bodyTooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
}

/** True when a declared Content-Length already exceeds the limit (checked before reading anything). */
export function declaresTooMuch(contentLength: string | null | undefined, maxBytes: number): boolean {
  const declared = Number(contentLength);
  return Number.isFinite(declared) && declared > maxBytes;
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw new AppError("invalid_json", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_json", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Refuses a caller the route's access does not admit: 401 when nobody is signed in or presents a token, 403 when
 * the role or scopes lack the permission. Evaluation is open to anonymous callers when the installation says so.
 */
export function authorize(access: Access, principal: Principal, anonymousEvaluation: () => boolean): void {
  if (access === "public") return;
  if (typeof access !== "string") {
    if (principal.kind !== "anonymous" && access.some((permission) => can(principal, permission))) return;
    if (principal.kind !== "anonymous") refuse(principal, access.join(" or "));
  }
  if (access === "evaluate" && principal.kind === "anonymous" && anonymousEvaluation()) return;
  if (principal.kind === "anonymous") {
    throw new AppError(
      "unauthenticated",
      access === "evaluate"
        ? 'Send an API token with the evaluate scope ("Authorization: Bearer <token>" or "X-API-Key: <token>").'
        : 'Sign in, or send an API token as "Authorization: Bearer <token>".',
    );
  }
  if (typeof access === "string" && !can(principal, access)) refuse(principal, access);
}

function refuse(principal: Exclude<Principal, { kind: "anonymous" }>, needed: string): never {
  const who =
    principal.kind === "user"
      ? `the ${principal.role} role`
      : `token "${principal.name}" (scopes: ${principal.scopes.join(", ")})`;
  throw new AppError("forbidden", `This needs the ${needed} permission, which ${who} does not grant.`);
}
