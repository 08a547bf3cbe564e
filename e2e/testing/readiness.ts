import { expect, type APIResponse } from "@playwright/test";

/**
 * A READY readiness run for journeys that advance the rollout without being about readiness: the readiness gate
 * (on by default) needs the latest run READY and younger than 24 h of the server's (test) clock. Call it after
 * moving the clock and before advancing. It posts to /api/v1/test-readiness, which exists only on servers started
 * with PHASEGATE_TEST_CLOCK=1 (as the journeys' server is) and records a run whose every check says it was seeded.
 * `api` is an admin's API session, e.g. `telemetryApi(request, baseURL)` from ./telemetry.
 */
export async function reportReady(api: { post(path: string, data?: unknown): Promise<APIResponse> }) {
  const response = await api.post("/api/v1/test-readiness");
  expect(response.status(), await response.text()).toBe(201);
}
