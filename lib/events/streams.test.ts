// The stream registry in a real node:http server on loopback (no database): framing, heartbeats, what each caller
// may receive, the streams a revocation ends, the per-caller cap, and ending every stream on close().
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../auth/policy";
import { AppError } from "../http/errors";
import { waitFor } from "../testing/wait-for";
import { createEventHub } from "./hub";
import { createStreamRegistry, dashboardWriter, type StreamRegistry } from "./streams";
import { framesOf, openStream } from "./testing/stream-client";

const PRINCIPALS: Record<string, Principal> = {
  viewer: { kind: "user", userId: "u-viewer", username: "vera", role: "viewer", sessionId: "s-viewer", csrfToken: "" },
  admin: { kind: "user", userId: "u-admin", username: "ada", role: "admin", sessionId: "s-admin", csrfToken: "" },
  admin2: { kind: "user", userId: "u-admin", username: "ada", role: "admin", sessionId: "s-admin-2", csrfToken: "" },
  operate: { kind: "token", tokenId: "t-operate", name: "deployer", scopes: ["operate"] },
};

const hub = createEventHub();
let registry: StreamRegistry;
let server: http.Server;
let base: string;

beforeAll(async () => {
  registry = createStreamRegistry({ hub, heartbeatMs: 20, retryMs: 1234, maxPerCaller: 3 });
  server = http.createServer((request, response) => {
    const principal = PRINCIPALS[new URL(request.url!, "http://x").searchParams.get("as")!]!;
    try {
      const context = { request, response, requestId: "r", principal, params: {}, body: undefined };
      registry.open(context, dashboardWriter(principal));
    } catch (error) {
      response.writeHead((error as AppError).status).end((error as AppError).code);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  registry.close();
  await new Promise((resolve) => server.close(resolve));
});

const open = async (as: keyof typeof PRINCIPALS) => {
  const stream = await openStream(`${base}/events?as=${as}`);
  await waitFor(`${as}'s stream to open`, () => stream.text.includes(": connected"));
  return stream;
};

describe("event streams", () => {
  it("open with a retry hint, frame events, and send heartbeat comments", async () => {
    const stream = await open("viewer");
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(stream.text.startsWith("retry: 1234\n: connected\n\n")).toBe(true);
    hub.publish({ type: "phase.advanced", from: 2, to: 3, version: 4 });
    await waitFor("the event", () =>
      stream.text.includes('event: phase.advanced\ndata: {"from":2,"to":3,"version":4}\n\n'),
    );
    await waitFor("two heartbeats", () => stream.text.split(": keep-alive\n\n").length > 2);
    stream.close();
  });

  it("send each caller only the events its permissions allow", async () => {
    const viewer = await open("viewer");
    const admin = await open("admin");
    const token = await open("operate");
    hub.publish({ type: "token.created", tokenId: "t-new" });
    hub.publish({ type: "user.created", userId: "u-new" });
    hub.publish({ type: "flag.changed", key: "use_v2_coordinator", version: 3, value: 10, etag: "e1" });
    // Events arrive in order: once the flag change is there, anything before it would have been too.
    for (const stream of [viewer, admin, token]) {
      await waitFor("the flag change", () => framesOf(stream, "flag.changed").length === 1);
    }
    expect(framesOf(admin, "token.created")).toEqual([{ tokenId: "t-new" }]);
    expect(framesOf(admin, "user.created")).toEqual([{ userId: "u-new" }]);
    for (const stream of [viewer, token]) {
      expect(stream.text).not.toContain("token.created");
      expect(stream.text).not.toContain("user.created");
    }
    for (const stream of [viewer, admin, token]) stream.close();
  });

  it("end the streams a revocation names, and no others", async () => {
    const viewer = await open("viewer");
    const admin = await open("admin");
    const adminElsewhere = await open("admin2");
    const token = await open("operate");

    hub.publish({ type: "token.revoked", tokenId: "t-operate" });
    await waitFor("the revoked token's stream to end", () => token.ended);
    hub.publish({ type: "user.logged_out", userId: "u-admin", sessionId: "s-admin" });
    await waitFor("the signed-out session's stream to end", () => admin.ended);
    expect(adminElsewhere.ended).toBe(false);
    hub.publish({ type: "user.disabled", userId: "u-admin" });
    await waitFor("every stream of the disabled person to end", () => adminElsewhere.ended);

    hub.publish({ type: "alert.opened", id: "a1" });
    await waitFor("the viewer to keep receiving", () => framesOf(viewer, "alert.opened").length === 1);
    expect(viewer.ended).toBe(false);
    viewer.close();
  });

  it("refuse a caller's stream beyond the cap with 429, and accept it again once one closes", async () => {
    await waitFor("earlier streams to be gone", () => registry.connections === 0);
    const streams = [await open("viewer"), await open("viewer"), await open("viewer")];
    const refused = await fetch(`${base}/events?as=viewer`);
    expect([refused.status, await refused.text()]).toEqual([429, "rate_limited"]);
    const other = await open("admin");
    streams[0]!.close();
    await waitFor("the closed stream to be gone", () => registry.connections === 3);
    const again = await open("viewer");
    for (const stream of [...streams, other, again]) stream.close();
  });

  it("end every open stream on close()", async () => {
    const local = createStreamRegistry({ hub });
    const localServer = http.createServer((request, response) =>
      local.open(
        { request, response, requestId: "r", principal: PRINCIPALS.viewer!, params: {}, body: undefined },
        dashboardWriter(PRINCIPALS.viewer!),
      ),
    );
    await new Promise<void>((resolve) => localServer.listen(0, "127.0.0.1", resolve));
    const stream = await openStream(`http://127.0.0.1:${(localServer.address() as AddressInfo).port}/`);
    await waitFor("the stream to open", () => local.connections === 1);
    local.close();
    await waitFor("the stream to end", () => stream.ended);
    await new Promise((resolve) => localServer.close(resolve));
  });
});
