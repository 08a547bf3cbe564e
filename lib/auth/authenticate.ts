import "server-only";
import { trustedProxyHops } from "../env";
import { forwardedEntry } from "../http/client-ip";
import { AppError } from "../http/errors";
import type { Principal } from "./policy";
import { SESSION_COOKIE } from "./cookies";
import { resolveSession } from "./session-service";
import { tokenStore } from "./token-store";

const ANONYMOUS: Principal = Object.freeze({ kind: "anonymous" });

const invalidToken = () => new AppError("unauthenticated", "The API token is not valid: unknown, expired or revoked.");

/**
 * Who is calling: an API token (Authorization: Bearer, or X-API-Key as OpenFeature clients send it), else the
 * session cookie, else anonymous. A token that is presented but not valid is an error, never anonymous.
 */
export async function authenticate(request: Request): Promise<Principal> {
  return principalFromHeaders((name) => request.headers.get(name));
}

/**
 * The same from any header source (the lean node:http path has no Request object). Answers synchronously when it
 * can (a known token, nobody): the evaluation hot path then creates no promise. Throws (or rejects) AppError 401
 * for a presented token that is not valid.
 */
export function principalFromHeaders(header: (name: string) => string | null): Principal | Promise<Principal> {
  const raw = presentedToken(header);
  if (raw !== undefined) {
    const known = raw ? tokenStore().verifyNow(raw) : null;
    if (known === null) throw invalidToken();
    if (known) return known;
    return tokenStore()
      .verify(raw)
      .then((principal) => {
        if (!principal) throw invalidToken();
        return principal;
      });
  }
  const cookie = readCookie(header("cookie"), SESSION_COOKIE);
  if (cookie) return resolveSession(cookie).then((principal) => principal ?? ANONYMOUS);
  return ANONYMOUS;
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

/** A cookie's value, or undefined when absent or not valid percent-encoding (another app's cookie is no session). */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Whether the browser reached us over https (directly, or through a trusted proxy): Secure cookies, Origin check. */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  return forwardedEntry(request.headers.get("x-forwarded-proto") ?? undefined, trustedProxyHops()) === "https";
}
