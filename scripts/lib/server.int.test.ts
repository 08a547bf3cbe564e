// The started server's answers to requests no route handler sees, sent as raw bytes: every answer under /api is
// problem+json (405 with Allow, 400 for broken percent-encoding, 501 for methods nobody routes, Node's own 400 and
// 431), and the client address behind a configured number of trusted proxies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import {
  httpRequest,
  rawRequest,
  startPhasegate,
  type RawResponse,
  type StartedServer,
} from "./testing/started-server";

let server: StartedServer;

beforeAll(async () => {
  server = await startPhasegate({ PHASEGATE_TRUST_PROXY: "2" });
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

function expectProblem(response: RawResponse, status: number, code: string) {
  expect(response.status, response.body).toBe(status);
  expect(response.headers["content-type"]).toBe("application/problem+json");
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, requestId: expect.any(String) });
  return body;
}

describe("answers under /api are problem+json", () => {
  it("405 with Allow for a wrong method on a known path", async () => {
    const response = await httpRequest(server.port, "DELETE", "/api/v1/flags");
    expectProblem(response, 405, "method_not_allowed");
    expect(response.headers.allow).toBe("GET, HEAD, OPTIONS, POST");
    const options = await httpRequest(server.port, "OPTIONS", "/api/v1/flags/use_v2_coordinator");
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("GET, HEAD, OPTIONS, PATCH");
    const stream = await httpRequest(server.port, "POST", "/api/v1/events");
    expectProblem(stream, 405, "method_not_allowed");
    expect(stream.headers.allow).toBe("GET");
  });

  it("400 for a path that is not valid percent-encoding", async () => {
    expectProblem(await httpRequest(server.port, "GET", "/api/v1/flags/%ff"), 400, "bad_request");
    expectProblem(await httpRequest(server.port, "PATCH", "/api/v1/users/%E0%A4%A"), 400, "bad_request");
  });

  it("501 for methods nobody routes (TRACE), on known and unknown paths", async () => {
    expectProblem(await httpRequest(server.port, "TRACE", "/api/v1/flags"), 501, "not_implemented");
    expectProblem(await httpRequest(server.port, "PROPFIND", "/api/nothing"), 501, "not_implemented");
  });

  it("Node's own refusals: a broken request line (400) and oversized headers (431)", async () => {
    expectProblem(await rawRequest(server.port, "GARBAGE\r\n\r\n"), 400, "bad_request");
    const huge = await httpRequest(server.port, "GET", "/api/v1/health", { "x-filler": "a".repeat(20_000) });
    expectProblem(huge, 431, "headers_too_large");
  });

  it("a bad cookie and an unknown path still answer in the contract", async () => {
    const health = await httpRequest(server.port, "GET", "/api/v1/health", { cookie: "pg_session=%E0%A4%A" });
    expect(health.status).toBe(200);
    expectProblem(await httpRequest(server.port, "GET", "/api/v1/nothing-here"), 404, "not_found");
  });
});

describe("behind two trusted proxies (PHASEGATE_TRUST_PROXY=2)", () => {
  it("throttles and audits the address the outer proxy saw, not the client-controlled leftmost entry", async () => {
    const body = JSON.stringify({ username: "xff-probe", password: "wrong password" });
    const response = await httpRequest(
      server.port,
      "POST",
      "/api/v1/session",
      { "content-type": "application/json", "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" },
      body,
    );
    expect(response.status).toBe(401);
    const attempts = await db().loginAttempt.findMany({ where: { username: "xff-probe" } });
    expect(attempts.map((a) => a.clientIp)).toEqual(["203.0.113.7"]);
  });
});
