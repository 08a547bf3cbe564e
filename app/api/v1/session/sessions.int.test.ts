import { describe, expect, it } from "vitest";
import * as sessionRoute from "@/app/api/v1/session/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import * as userSessionsRoute from "@/app/api/v1/users/[id]/sessions/route";
import * as flagsRoute from "@/app/api/v1/flags/route";
import { db } from "@/lib/db/client";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { TEST_PASSWORD, createPerson, personCaller, signIn } from "@/lib/auth/testing/principals";

const loginAs = (username: string, password: string, ip = "10.1.1.1") =>
  callRoute(sessionRoute.POST, "/api/v1/session", {
    body: { username, password },
    headers: { "x-phasegate-client-ip": ip },
  });

function cookiesOf(response: Response) {
  const cookies = response.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith("pg_session="))!;
  const csrf = cookies.find((c) => c.startsWith("pg_csrf="))!;
  return {
    session,
    csrf,
    header: `${session.split(";")[0]}; ${csrf.split(";")[0]}`,
    csrfToken: decodeURIComponent(csrf.split(";")[0]!.split("=")[1]!),
  };
}

describe("signing in", () => {
  it("sets an httpOnly, SameSite=Lax session cookie and a readable CSRF cookie, and records the sign-in", async () => {
    const user = await createPerson("operator");
    const response = await loginAs(user.username.toUpperCase(), TEST_PASSWORD);
    expect(response.status).toBe(201);
    const { session, csrf, header } = cookiesOf(response);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/); // plain http here; https requests get Secure
    expect(csrf).not.toMatch(/HttpOnly/);
    const me = await callRoute(sessionRoute.GET, "/api/v1/session", { headers: { cookie: header } });
    expect((await jsonOf<{ user: { username: string } }>(me)).user.username).toBe(user.username);
    expect(await db().auditEvent.count({ where: { action: "user.logged_in", targetId: user.username } })).toBe(1);
  });

  it("marks cookies Secure behind https", async () => {
    const user = await createPerson("viewer");
    const request = new Request("https://phasegate.test/api/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: user.username, password: TEST_PASSWORD }),
    });
    const response = await sessionRoute.POST(request, { params: Promise.resolve({}) });
    expect(cookiesOf(response).session).toMatch(/Secure/);
  });

  it("answers a wrong password and an unknown user with the same generic message", async () => {
    const user = await createPerson("viewer");
    const wrong = await jsonOf(await loginAs(user.username, "not the password", "10.2.0.1"));
    const unknown = await jsonOf(await loginAs("nobody-here", "whatever", "10.2.0.2"));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.detail).toBe(unknown.detail);
    expect(wrong.detail).toBe("Wrong username or password.");
  });

  it("throttles a username after 5 failures: 429 with Retry-After, even with the right password", async () => {
    const user = await createPerson("viewer");
    for (let i = 0; i < 5; i++) expect((await loginAs(user.username, "guess", `10.3.0.${i}`)).status).toBe(401);
    const blocked = await loginAs(user.username, TEST_PASSWORD, "10.3.1.1");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await jsonOf(blocked)).code).toBe("rate_limited");
  });

  it("throttles a client address after 20 failures across usernames", async () => {
    for (let i = 0; i < 20; i++) await loginAs(`spray-${i}`, "guess", "10.4.0.1");
    const user = await createPerson("viewer");
    expect((await loginAs(user.username, TEST_PASSWORD, "10.4.0.1")).status).toBe(429);
    expect((await loginAs(user.username, TEST_PASSWORD, "10.4.0.2")).status).toBe(201);
  });

  it("refuses disabled people, and ends their sessions when disabled", async () => {
    const admin = await personCaller("admin");
    const user = await createPerson("operator");
    const session = await signIn(user.username);
    const disable = await callRoute(userRoute.PATCH, `/api/v1/users/${user.id}`, {
      method: "PATCH",
      params: { id: user.id },
      body: { disabled: true },
      headers: admin.headers,
    });
    expect(disable.status).toBe(200);
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: session.headers })).status).toBe(401);
    expect((await loginAs(user.username, TEST_PASSWORD, "10.5.0.1")).status).toBe(401);
  });
});

describe("sessions", () => {
  it("end on sign-out: the old cookie no longer works", async () => {
    const user = await createPerson("viewer");
    const caller = await signIn(user.username);
    expect(
      (await callRoute(sessionRoute.DELETE, "/api/v1/session", { method: "DELETE", headers: caller.headers })).status,
    ).toBe(204);
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: caller.headers })).status).toBe(401);
  });

  it("end when they expire", async () => {
    const user = await createPerson("viewer");
    const caller = await signIn(user.username);
    await db().session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: caller.headers })).status).toBe(401);
  });

  it("end when an admin revokes them", async () => {
    const admin = await personCaller("admin");
    const user = await createPerson("operator");
    const [a, b] = [await signIn(user.username), await signIn(user.username)];
    const revoked = await callRoute(userSessionsRoute.DELETE, `/api/v1/users/${user.id}/sessions`, {
      method: "DELETE",
      params: { id: user.id },
      headers: admin.headers,
    });
    expect(await jsonOf(revoked)).toEqual({ ended: 2 });
    for (const caller of [a, b])
      expect((await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: caller.headers })).status).toBe(401);
  });

  it("need the CSRF token on state-changing requests, and a same-site Origin", async () => {
    const admin = await personCaller("admin");
    const body = { username: "csrf-victim", role: "admin", password: "attacker passphrase" };
    const withoutToken = await callRoute(usersRoute.POST, "/api/v1/users", {
      body,
      headers: { cookie: admin.headers.cookie! },
    });
    expect(withoutToken.status).toBe(403);
    expect((await jsonOf(withoutToken)).code).toBe("csrf_failed");
    const foreign = await callRoute(usersRoute.POST, "/api/v1/users", {
      body,
      headers: { ...admin.headers, origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(await db().user.findUnique({ where: { username: "csrf-victim" } })).toBeNull();
    const sameSite = await callRoute(usersRoute.POST, "/api/v1/users", {
      body,
      headers: { ...admin.headers, origin: "http://phasegate.test" },
    });
    expect(sameSite.status).toBe(201);
  });
});

describe("people administration", () => {
  it("keeps at least one active admin", async () => {
    await db().user.updateMany({ where: { role: "admin" }, data: { disabled: true } });
    const admin = await personCaller("admin");
    const me = await db().user.findFirstOrThrow({ where: { role: "admin", disabled: false } });
    const demote = await callRoute(userRoute.PATCH, `/api/v1/users/${me.id}`, {
      method: "PATCH",
      params: { id: me.id },
      body: { role: "viewer" },
      headers: admin.headers,
    });
    expect(demote.status).toBe(409);
    expect((await db().user.findUniqueOrThrow({ where: { id: me.id } })).role).toBe("admin");
  });

  it("names the invalid field and creates nothing", async () => {
    const admin = await personCaller("admin");
    const response = await callRoute(usersRoute.POST, "/api/v1/users", {
      body: { username: "ok-name", role: "root", password: "short" },
      headers: admin.headers,
    });
    expect(response.status).toBe(400);
    const problem = await jsonOf<{ invalid_params: { name: string }[] }>(response);
    expect(problem.invalid_params.map((p) => p.name).sort()).toEqual(["body.password", "body.role"]);
    expect(await db().user.findUnique({ where: { username: "ok-name" } })).toBeNull();
  });

  it("audits changes with before and after, never the password hash", async () => {
    const admin = await personCaller("admin");
    const user = await createPerson("viewer");
    await callRoute(userRoute.PATCH, `/api/v1/users/${user.id}`, {
      method: "PATCH",
      params: { id: user.id },
      body: { role: "operator", reason: "on call this week" },
      headers: admin.headers,
    });
    const event = await db().auditEvent.findFirstOrThrow({
      where: { action: "user.updated", targetId: user.username },
    });
    expect(event.before).toMatchObject({ role: "viewer" });
    expect(event.after).toMatchObject({ role: "operator" });
    expect(event.reason).toBe("on call this week");
    expect(event.actorType).toBe("user");
    expect(event.requestId).toBeTruthy();
    expect(JSON.stringify(await db().auditEvent.findMany({ select: { before: true, after: true } }))).not.toMatch(
      /argon2/,
    );
  });
});
