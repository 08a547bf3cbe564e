// With PHASEGATE_ANONYMOUS_EVALUATION=1 (read once per process, so set before anything reads the environment),
// flag evaluation needs no token, and nothing else opens up: not the dashboard stream, not its events.
process.env.PHASEGATE_ANONYMOUS_EVALUATION = "1";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as evaluateRoute from "@/app/api/v1/flags/[key]/evaluate/route";
import * as flagsRoute from "@/app/api/v1/flags/route";
import { db } from "@/lib/db/client";
import { openStream } from "@/lib/events/testing/stream-client";
import { changeFlag } from "@/lib/flags/testing/change-flag";
import { ON } from "@/lib/flags/value";
import { callRoute } from "@/lib/http/testing/call-route";
import { startLeanServer, type LeanServer } from "@/lib/http/testing/lean-server";
import { waitFor } from "@/lib/testing/wait-for";
import { tokenCaller } from "@/lib/auth/testing/principals";

let server: LeanServer;
beforeAll(async () => {
  server = await startLeanServer();
});
afterAll(() => server.close());

describe("anonymous evaluation, when switched on", () => {
  it("lets callers without a token evaluate, on the REST route and the lean path", async () => {
    const response = await callRoute(evaluateRoute.GET, "/api/v1/flags/use_sync_test_apis/evaluate", {
      params: { key: "use_sync_test_apis" },
      query: { id: "agent-1" },
    });
    expect(response.status).toBe(200);
    const ofrep = await fetch(`${server.baseUrl}/ofrep/v1/evaluate/flags`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ context: { targetingKey: "agent-1" } }),
    });
    expect(ofrep.status).toBe(200);
  });

  it("gives anonymous callers the evaluation stream's refetch messages, never the dashboard stream", async () => {
    expect((await fetch(`${server.baseUrl}/api/v1/events`)).status).toBe(401);
    const stream = await openStream(`${server.baseUrl}/ofrep/v1/events`);
    try {
      await waitFor("the stream to open", () => stream.text.includes(": connected"));
      await tokenCaller(["evaluate"]);
      await changeFlag(db(), "use_sync_test_apis", ON);
      await waitFor("the refetch message", () => stream.text.includes("refetchEvaluation"));
      expect(stream.text).not.toMatch(/^event: /m);
      expect(stream.text).not.toContain("token");
    } finally {
      stream.close();
    }
  });

  it("still refuses a presented token that is not valid, and keeps every other route closed", async () => {
    const refused = await fetch(`${server.baseUrl}/ofrep/v1/evaluate/flags`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer pgt_not-a-real-token" },
      body: "{}",
    });
    expect(refused.status).toBe(401);
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags")).status).toBe(401);
  });
});
