// Test callers made through the real services: people with sessions (cookie + CSRF header) and API tokens.
import { SYSTEM_ACTOR } from "../../audit/record";
import type { Role, TokenScope } from "../policy";
import { login } from "../session-service";
import { createToken } from "../token-service";
import { createUser } from "../user-service";

export const TEST_PASSWORD = "correct horse battery";

export type Caller = { name: string; headers: Record<string, string> };

let counter = 0;
const unique = (base: string) => `${base}${++counter}x${process.pid}`;

export async function createPerson(role: Role, username = unique(role)) {
  const user = await createUser({ username, displayName: "", role, password: TEST_PASSWORD }, SYSTEM_ACTOR, "test");
  return user;
}

/** A signed-in browser: the session cookie and the CSRF token its pages would echo. */
export async function signIn(username: string, password = TEST_PASSWORD, clientIp = "10.0.0.1"): Promise<Caller> {
  const { cookieToken, session } = await login({
    username,
    password,
    clientIp,
    userAgent: "vitest",
    requestId: "test",
  });
  return {
    name: `${session.user.role} user`,
    headers: { cookie: `pg_session=${cookieToken}; pg_csrf=${session.csrfToken}`, "x-csrf-token": session.csrfToken },
  };
}

export async function personCaller(role: Role): Promise<Caller> {
  const user = await createPerson(role);
  return { ...(await signIn(user.username)), name: `${role} user` };
}

export async function tokenCaller(
  scopes: TokenScope[],
  name = unique(`t-${scopes.join("-")}`),
): Promise<Caller & { id: string }> {
  const created = await createToken({ name, scopes, expiresInDays: null }, SYSTEM_ACTOR, "test");
  return {
    id: created.id,
    name: `token (${scopes.join(", ")})`,
    headers: { authorization: `Bearer ${created.token}` },
  };
}

export const ANONYMOUS: Caller = { name: "anonymous", headers: {} };
