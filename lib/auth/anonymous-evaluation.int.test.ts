// With PHASEGATE_ANONYMOUS_EVALUATION=1 (read once per process, so set before anything reads the environment),
// flag evaluation needs no token, and nothing else opens up.
process.env.PHASEGATE_ANONYMOUS_EVALUATION = "1";

import { describe, expect, it } from "vitest";
import * as evaluateRoute from "@/app/api/v1/flags/[key]/evaluate/route";
import * as flagsRoute from "@/app/api/v1/flags/route";
import { callRoute } from "../http/testing/call-route";
import { authenticateEvaluation } from "./evaluation-access";

describe("anonymous evaluation, when switched on", () => {
  it("lets callers without a token evaluate, on the REST route and the lean path", async () => {
    const response = await callRoute(evaluateRoute.GET, "/api/v1/flags/use_sync_test_apis/evaluate", {
      params: { key: "use_sync_test_apis" },
      query: { id: "agent-1" },
    });
    expect(response.status).toBe(200);
    expect(authenticateEvaluation({})).toEqual({ ok: true });
  });

  it("still refuses a presented token that is not valid, and keeps every other route closed", async () => {
    expect(await authenticateEvaluation({ authorization: "Bearer pgt_not-a-real-token" })).toMatchObject({
      ok: false,
      status: 401,
    });
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags")).status).toBe(401);
  });
});
