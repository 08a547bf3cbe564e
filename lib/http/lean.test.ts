// The lean router in a real node:http server on loopback: declarations are matched by method and path, and every
// request runs the spine (request id, authentication, permission, content type, body limit) before its handler.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../auth/policy";
import { AppError } from "./errors";
import { createLeanRouter, send, type LeanRoute } from "./lean";

const VIEWER: Principal = {
  kind: "user",
  userId: "u",
  username: "vera",
  role: "viewer",
  sessionId: "s",
  csrfToken: "",
};
const INGEST: Principal = { kind: "token", tokenId: "t", name: "reporter", scopes: ["ingest"] };
let anonymousEvaluation = false;

const echo =
  (name: string): LeanRoute["handle"] =>
  (context) =>
    send(
      context.response,
      { status: 200, json: JSON.stringify({ name, params: context.params, body: context.body }) },
      context.requestId,
    );

const routes: LeanRoute[] = [
  { method: "GET", path: "/api/v1/things", access: "read", handle: echo("list") },
  { method: "POST", path: "/api/v1/things", access: "ingest", maxBodyBytes: 100, handle: echo("create") },
  { method: "POST", path: "/api/v1/things/:id", access: "evaluate", maxBodyBytes: 100, handle: echo("one") },
  {
    method: "GET",
    path: "/api/v1/broken",
    access: "public",
    handle: () => {
      throw new Error("boom");
    },
  },
  {
    method: "GET",
    path: "/teapot/v1/brew",
    access: "read",
    renderError: (error) => ({ status: error.status, json: JSON.stringify({ teapot: error.detail }) }),
    handle: echo("brew"),
  },
];

let server: http.Server;
let base: string;

beforeAll(async () => {
  const handle = createLeanRouter({
    routes,
    families: [{ prefix: "/teapot/", renderError: (error) => ({ status: error.status, json: '{"teapot":"none"}' }) }],
    authenticate: (headers) => {
      if (headers.authorization === "Bearer viewer") return VIEWER;
      if (headers.authorization === "Bearer ingest") return Promise.resolve(INGEST);
      if (headers.authorization) throw new AppError("unauthenticated", "The API token is not valid.");
      return { kind: "anonymous" };
    },
    anonymousEvaluation: () => anonymousEvaluation,
  });
  server = http.createServer((request, response) => {
    if (!handle(request, response)) response.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const call = (path: string, init: RequestInit & { as?: string } = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { ...(init.as ? { authorization: `Bearer ${init.as}` } : {}), ...(init.headers as object) },
  });
const json = { "content-type": "application/json" };

describe("the lean router", () => {
  it("serves a declared route to a caller with the permission, with a request id", async () => {
    const response = await call("/api/v1/things", { as: "viewer", headers: { "x-request-id": "trace-1" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("trace-1");
    expect(await response.json()).toEqual({ name: "list", params: {} });
    const created = await call("/api/v1/things", { as: "ingest", method: "POST", body: '{"a":1}', headers: json });
    expect(await created.json()).toEqual({ name: "create", params: {}, body: '{"a":1}' });
  });

  it("passes path parameters, decoded", async () => {
    const response = await call("/api/v1/things/a%20b", { as: "viewer", method: "POST", body: "{}", headers: json });
    expect(await response.json()).toMatchObject({ name: "one", params: { id: "a b" } });
  });

  it("refuses nobody with 401 and a caller without the permission with 403, as problem+json", async () => {
    const nobody = await call("/api/v1/things");
    expect(nobody.status).toBe(401);
    expect(nobody.headers.get("content-type")).toBe("application/problem+json");
    expect(await nobody.json()).toMatchObject({ status: 401, code: "unauthenticated", requestId: expect.any(String) });
    const ingest = await call("/api/v1/things", { as: "ingest" });
    expect(ingest.status).toBe(403);
    expect(await ingest.json()).toMatchObject({ code: "forbidden", detail: expect.stringMatching(/read permission/) });
    const invalid = await call("/api/v1/things", { as: "garbage" });
    expect(invalid.status).toBe(401);
  });

  it("lets anonymous callers evaluate only when the installation allows it", async () => {
    const post = () => call("/api/v1/things/x", { method: "POST", body: "{}", headers: json });
    expect((await post()).status).toBe(401);
    anonymousEvaluation = true;
    try {
      expect((await post()).status).toBe(200);
      expect((await call("/api/v1/things")).status).toBe(401);
    } finally {
      anonymousEvaluation = false;
    }
  });

  it("checks the content type and the body limit before the handler runs", async () => {
    const text = await call("/api/v1/things", {
      as: "ingest",
      method: "POST",
      body: "{}",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(400);
    expect(await text.json()).toMatchObject({
      code: "unsupported_media_type",
      detail: expect.stringMatching(/text\/plain/),
    });
    const big = await call("/api/v1/things", {
      as: "ingest",
      method: "POST",
      body: `{"a":"${"x".repeat(200)}"}`,
      headers: json,
    });
    expect(big.status).toBe(413);
    expect(big.headers.get("connection")).toBe("close");
  });

  it("answers a known path with a wrong method 405 with Allow, and unknown paths under a family 404 in its shape", async () => {
    const wrong = await call("/api/v1/things", { as: "viewer", method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    expect(await wrong.json()).toMatchObject({ code: "method_not_allowed" });
    const teapot = await call("/teapot/v1/brew", { method: "POST" });
    expect([teapot.status, teapot.headers.get("allow"), await teapot.json()]).toEqual([
      405,
      null,
      { teapot: "/teapot/v1/brew takes GET." },
    ]);
    const none = await call("/teapot/v1/nothing");
    expect([none.status, await none.json()]).toEqual([404, { teapot: "none" }]);
  });

  it("leaves paths it does not own to the next handler", async () => {
    expect((await call("/api/v1/other")).status).toBe(418);
    expect((await call("/flags")).status).toBe(418);
  });

  it("answers a handler's unexpected failure with a generic 500 that quotes the request id", async () => {
    const originalError = console.error;
    console.error = () => {};
    try {
      const response = await call("/api/v1/broken", { headers: { "x-request-id": "trace-500" } });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { detail: string; requestId: string };
      expect(body.requestId).toBe("trace-500");
      expect(body.detail).not.toContain("boom");
    } finally {
      console.error = originalError;
    }
  });
});
