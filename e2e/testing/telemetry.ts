import { expect, type APIRequestContext } from "@playwright/test";
import { intervalStarts, simulateInterval, type Scenario } from "../../lib/health/simulator";
import { E2E_ADMIN } from "./people";

/** The admin's API session for the journeys that drive the guard: test clock, tokens, reports, evaluations. */
export async function telemetryApi(request: APIRequestContext, baseURL: string) {
  const login = await request.post("/api/v1/session", { data: E2E_ADMIN });
  expect(login.status()).toBe(201);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { "x-csrf-token": csrfToken, origin: baseURL };
  const created = await request.post("/api/v1/tokens", {
    data: { name: `journey reporter ${Date.now()}`, scopes: ["ingest", "evaluate"] },
    headers,
  });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const bearer = { authorization: `Bearer ${token}` };
  const serverNow = async () => {
    const response = await request.get("/api/v1/metrics");
    return new Date(((await response.json()) as { now: string }).now);
  };
  return {
    post: (path: string, data: unknown = {}) => request.post(path, { data, headers }),
    advanceClock: async (minutes: number) =>
      expect((await request.post("/api/v1/test-clock", { data: { advanceMinutes: minutes }, headers })).status()).toBe(
        200,
      ),
    evaluate: async () => {
      const response = await request.post("/api/v1/guard/evaluate", { data: {}, headers });
      expect(response.status()).toBe(200);
      return (await response.json()) as { action: string; verdict: string };
    },
    /** Five minutes of a scenario's reports ending at the server's (test) clock, deciding v2 per id over OFREP;
     * with `cohorts`, split into the v2 flag's on and off cohorts (the canary journey). */
    report: async (scenario: Scenario, nodes = 5, cohorts = false) => {
      const ofrep = await request.post("/ofrep/v1/evaluate/flags/use_v2_coordinator", {
        data: { context: { targetingKey: "journey-probe" } },
        headers: bearer,
      });
      const flagBody = (await ofrep.json()) as { value: boolean; metadata?: { percentage?: number } };
      const flag =
        typeof flagBody.metadata?.percentage === "number"
          ? { kind: "percentage" as const, percentage: flagBody.metadata.percentage }
          : flagBody.value
            ? { kind: "on" as const }
            : { kind: "off" as const };
      const reports = intervalStarts(await serverNow(), 300, 10).flatMap((at) =>
        simulateInterval(scenario, nodes, at, 10, flag, { cohorts }),
      );
      if (reports.length === 0) return;
      const response = await request.post("/api/v1/ingest", { data: { reports }, headers: bearer });
      expect(response.status()).toBe(202);
    },
  };
}
