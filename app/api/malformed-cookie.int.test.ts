// A cookie another app on the same host set, or a broken one, must not lock a browser out: a session cookie that
// is not valid percent-encoding is simply no session, on every route.
import { describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/v1/health/route";
import * as sessionRoute from "@/app/api/v1/session/route";
import * as flagsRoute from "@/app/api/v1/flags/route";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { TEST_PASSWORD, createPerson } from "@/lib/auth/testing/principals";

const BROKEN = { cookie: "pg_session=%E0%A4%A; other=1" };

describe("a malformed session cookie", () => {
  it("is no session: health answers, who-am-I and reads say 401, not 500", async () => {
    expect((await callRoute(healthRoute.GET, "/api/v1/health", { headers: BROKEN })).status).toBe(200);
    const me = await callRoute(sessionRoute.GET, "/api/v1/session", { headers: BROKEN });
    expect(me.status).toBe(401);
    expect(me.headers.get("content-type")).toBe("application/problem+json");
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: BROKEN })).status).toBe(401);
  });

  it("does not stop a sign-in, which replaces it", async () => {
    const user = await createPerson("viewer");
    const response = await callRoute(sessionRoute.POST, "/api/v1/session", {
      body: { username: user.username, password: TEST_PASSWORD },
      headers: { ...BROKEN, "x-phasegate-client-ip": "10.9.0.1" },
    });
    expect(response.status).toBe(201);
    expect((await jsonOf<{ user: { username: string } }>(response)).user.username).toBe(user.username);
  });
});
