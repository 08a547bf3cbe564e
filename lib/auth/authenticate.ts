import "server-only";
import { AppError } from "../http/errors";
import type { Principal } from "./policy";
import { SESSION_COOKIE, resolveSession } from "./session-service";
import { verifyToken } from "./token-service";

/**
 * Who is calling: an API token (Authorization: Bearer, or X-API-Key as OpenFeature clients send it), else the
 * session cookie, else anonymous. A token that is presented but not valid is an error, never anonymous.
 */
export function authenticate(request: Request): Promise<Principal> {
  return authenticateHeaders((name) => request.headers.get(name));
}

/** The same, from any header source (the lean node:http path has no Request object). */
export async function authenticateHeaders(header: (name: string) => string | null): Promise<Principal> {
  const raw = presentedToken(header);
  if (raw !== undefined) {
    const principal = raw ? await verifyToken(raw) : null;
    if (!principal) throw new AppError("unauthenticated", "The API token is not valid: unknown, expired or revoked.");
    return principal;
  }
  const cookie = readCookie(header("cookie"), SESSION_COOKIE);
  if (cookie) return (await resolveSession(cookie)) ?? { kind: "anonymous" };
  return { kind: "anonymous" };
}

/**
 * The API token a caller presents: from "Authorization: Bearer <token>", else "X-API-Key: <token>". Undefined when
 * neither header is there (or they are blank); "" when the Authorization header is not a bearer token.
 */
export function presentedToken(header: (name: string) => string | null): string | undefined {
  const bearer = header("authorization")?.trim();
  if (bearer) return /^Bearer\s+(\S+)$/i.exec(bearer)?.[1] ?? "";
  return header("x-api-key")?.trim() || undefined;
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

/** Secure cookies when the browser reached us over https (directly, or through a trusted proxy). */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  return process.env.PHASEGATE_TRUST_PROXY === "1" && request.headers.get("x-forwarded-proto") === "https";
}
