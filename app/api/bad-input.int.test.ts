// Input PostgreSQL cannot store or compare (NUL characters, ids beyond bigint, dates outside its calendar) is a 400
// naming the field, on every route that takes text, never a 500 from the database; nothing is written.
import { describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as auditExportRoute from "@/app/api/v1/audit/export/route";
import * as flagRoute from "@/app/api/v1/flags/[key]/route";
import * as flagsRoute from "@/app/api/v1/flags/route";
import * as evaluateRoute from "@/app/api/v1/flags/[key]/evaluate/route";
import * as sessionRoute from "@/app/api/v1/session/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import * as userPasswordRoute from "@/app/api/v1/users/[id]/password/route";
import { createPerson, personCaller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { callRoute, type CallOptions } from "@/lib/http/testing/call-route";

type Handler = Parameters<typeof callRoute>[0];

async function expectInvalid(handler: Handler, path: string, options: CallOptions, field: string) {
  const auditEvents = await db().auditEvent.count();
  const response = await callRoute(handler, path, options);
  const text = await response.text();
  expect(response.status, `${field}: ${text}`).toBe(400);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = JSON.parse(text) as { code: string; invalid_params: { name: string }[] };
  expect(problem.code).toBe("validation_failed");
  expect(problem.invalid_params.map((p) => p.name)).toContain(field);
  expect(await db().auditEvent.count(), `${field}: nothing is written`).toBe(auditEvents);
}

const NUL = "a\u0000b";

describe("NUL characters are refused at the spine, field named", () => {
  it("in flag descriptions and reasons", async () => {
    const admin = await personCaller("admin");
    const patch = (body: object) => ({
      method: "PATCH",
      params: { key: "use_v2_coordinator" },
      body,
      headers: admin.headers,
    });
    await expectInvalid(
      flagRoute.PATCH,
      "/api/v1/flags/use_v2_coordinator",
      patch({ description: NUL, reason: "why not" }),
      "body.description",
    );
    await expectInvalid(
      flagRoute.PATCH,
      "/api/v1/flags/use_v2_coordinator",
      patch({ value: 5, reason: `because ${NUL}` }),
      "body.reason",
    );
    await expectInvalid(
      flagsRoute.POST,
      "/api/v1/flags",
      { body: { key: "nul_flag", description: NUL, reason: "new flag" }, headers: admin.headers },
      "body.description",
    );
  });

  it("in usernames (sign-in and new people), display names, reasons and token names", async () => {
    const admin = await personCaller("admin");
    await expectInvalid(
      sessionRoute.POST,
      "/api/v1/session",
      { body: { username: `adm${NUL}`, password: "whatever" }, headers: { "x-phasegate-client-ip": "10.8.0.1" } },
      "body.username",
    );
    await expectInvalid(
      usersRoute.POST,
      "/api/v1/users",
      {
        body: { username: "nul-person", displayName: NUL, role: "viewer", password: "long enough pass" },
        headers: admin.headers,
      },
      "body.displayName",
    );
    const user = await createPerson("viewer");
    await expectInvalid(
      userRoute.PATCH,
      `/api/v1/users/${user.id}`,
      { method: "PATCH", params: { id: user.id }, body: { displayName: NUL }, headers: admin.headers },
      "body.displayName",
    );
    await expectInvalid(
      userPasswordRoute.PUT,
      `/api/v1/users/${user.id}/password`,
      {
        method: "PUT",
        params: { id: user.id },
        body: { password: "a new passphrase", reason: NUL },
        headers: admin.headers,
      },
      "body.reason",
    );
    await expectInvalid(
      tokensRoute.POST,
      "/api/v1/tokens",
      { body: { name: NUL, scopes: ["evaluate"] }, headers: admin.headers },
      "body.name",
    );
  });

  it("in query strings and path parameters", async () => {
    const viewer = await personCaller("viewer");
    for (const filter of ["actor", "action", "target"]) {
      await expectInvalid(
        auditRoute.GET,
        "/api/v1/audit",
        { query: { [filter]: NUL }, headers: viewer.headers },
        `query.${filter}`,
      );
      await expectInvalid(
        auditExportRoute.GET,
        "/api/v1/audit/export",
        { query: { [filter]: NUL }, headers: viewer.headers },
        `query.${filter}`,
      );
    }
    await expectInvalid(
      evaluateRoute.GET,
      "/api/v1/flags/use_v2_coordinator/evaluate",
      { params: { key: "use_v2_coordinator" }, query: { id: NUL }, headers: viewer.headers },
      "query.id",
    );
  });
});

describe("out-of-range cursors and dates", () => {
  it("a cursor beyond bigint, and dates outside PostgreSQL's calendar, on the audit list and the export", async () => {
    const viewer = await personCaller("viewer");
    await expectInvalid(
      auditRoute.GET,
      "/api/v1/audit",
      { query: { cursor: "9999999999999999999" }, headers: viewer.headers },
      "query.cursor",
    );
    for (const route of [
      { handler: auditRoute.GET, path: "/api/v1/audit" },
      { handler: auditExportRoute.GET, path: "/api/v1/audit/export" },
    ]) {
      for (const [field, value] of [
        ["from", "0000-01-01"],
        ["from", "0000-01-01T00:00:00Z"],
        ["to", "+275760-09-13T00:00:00Z"],
        ["to", "99999-01-01T00:00:00Z"],
      ] as const) {
        await expectInvalid(
          route.handler,
          route.path,
          { query: { [field]: value }, headers: viewer.headers },
          `query.${field}`,
        );
      }
    }
    const fine = await callRoute(auditRoute.GET, "/api/v1/audit", {
      query: { cursor: "9223372036854775807", from: "2020-01-01T00:00:00Z", to: "2999-12-31T23:59:59Z" },
      headers: viewer.headers,
    });
    expect(fine.status, await fine.clone().text()).toBe(200);
  });
});
