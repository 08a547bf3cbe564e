import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN, E2E_OPERATOR, E2E_VIEWER, signInThroughPage } from "./testing/people";
import { reportReady } from "./testing/readiness";
import { telemetryApi } from "./testing/telemetry";

/** The admin's API session (for the test clock and a hand-made flag change), with its CSRF token. */
async function adminApi(request: APIRequestContext, baseURL: string) {
  const login = await request.post("/api/v1/session", { data: E2E_ADMIN });
  expect(login.status()).toBe(201);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { "x-csrf-token": csrfToken, origin: baseURL };
  return {
    advanceClock: async (minutes: number) =>
      expect((await request.post("/api/v1/test-clock", { data: { advanceMinutes: minutes }, headers })).status()).toBe(
        200,
      ),
    post: (path: string, data: unknown = {}) => request.post(path, { data, headers }),
    setFlag: async (key: string, value: string | number, reason: string) =>
      expect((await request.patch(`/api/v1/flags/${key}`, { data: { value, reason }, headers })).status()).toBe(200),
  };
}

test("an operator starts the rollout, advances when the soak time is met, rolls back, then rolls back in an emergency from the header", async ({
  browser,
  request,
  baseURL,
}) => {
  // The reporter signs in first: each sign-in replaces this context's session cookie, so the admin's CSRF token
  // must come from the last one (its reports go with a bearer token and need no CSRF).
  const telemetry = await telemetryApi(request, baseURL!);
  const admin = await adminApi(request, baseURL!);
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signInThroughPage(page, E2E_OPERATOR, "/rollout");

  const confirm = async (action: string, button: string, reason: string) => {
    await page.getByRole("button", { name: button, exact: true }).click();
    const dialog = page.getByTestId(`confirm-${action}`);
    await dialog.getByLabel("Reason").fill(reason);
    await dialog.getByRole("button", { name: /^Confirm/ }).click();
    return dialog;
  };

  await test.step("start: the confirm step shows exactly which flags phase 1 turns on", async () => {
    await page.getByRole("button", { name: "Start phase 1" }).click();
    const dialog = page.getByTestId("confirm-start");
    await expect(dialog.getByTestId("flag-diff-use_sync_test_apis")).toContainText("on");
    await expect(dialog.getByTestId("flag-diff-use_new_error_handling")).toBeVisible();
    await dialog.getByLabel("Reason").fill("kick-off: readiness green");
    await dialog.getByRole("button", { name: /^Confirm/ }).click();
    await expect(dialog.getByTestId("transition-result")).toHaveText(/Started: phase 1 applied/);
    await expect(page.getByTestId("rollout-badge")).toContainText("Phase 1 of 5");
  });

  await test.step("advance is held by the soak gate until the monitor-for time has passed", async () => {
    await page.getByRole("button", { name: "Advance", exact: true }).click();
    const dialog = page.getByTestId("confirm-advance");
    await expect(dialog.getByTestId("gate-soak")).toHaveAttribute("data-status", "fail");
    await expect(dialog.getByRole("button", { name: /^Confirm/ })).toBeDisabled();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await admin.advanceClock(31);
    // The health gate needs data too: steady telemetry for the last five minutes of the (moved) clock; and the
    // readiness gate a READY run (e2e/readiness.spec.ts is the journey about readiness itself).
    await telemetry.report("steady");
    await reportReady(admin);
    await page.reload();
    await expect(page.getByTestId("gate-soak")).toHaveAttribute("data-status", "pass");
  });

  await test.step("advance 1 -> 2, seeing the flags it turns on", async () => {
    await page.getByRole("button", { name: "Advance", exact: true }).click();
    const dialog = page.getByTestId("confirm-advance");
    await expect(dialog.getByTestId("flag-diff-enforce_supervised_tasks")).toBeVisible();
    await expect(dialog.getByTestId("flag-diff-use_reliable_messaging")).toBeVisible();
    await dialog.getByLabel("Reason").fill("phase 1 soaked 30 min, CI green");
    await dialog.getByRole("button", { name: /^Confirm/ }).click();
    await expect(dialog.getByTestId("transition-result")).toHaveText(/Advanced from phase 1 to phase 2/);
    await expect(page.getByTestId("rollout-badge")).toContainText("Phase 2 of 5");
  });

  await test.step("roll back 2 -> 1: the flags phase 2 turned on go off again", async () => {
    const dialog = await confirm("rollback", "Roll back", "message delivery dipped in staging");
    await expect(dialog.getByTestId("transition-result")).toHaveText(/Rolled back from phase 2 to phase 1/);
    await expect(dialog.getByTestId("flag-diff-enforce_supervised_tasks")).toContainText("off");
  });

  await test.step("someone turns a coordinator flag on by hand; the Rollout page shows the drift", async () => {
    await admin.setFlag("use_v2_coordinator", 50, "trying v2 by hand");
    await expect(page.getByTestId("drift")).toContainText("use_v2_coordinator");
  });

  await test.step("emergency rollback from the header of another page, with ROLLBACK and a reason", async () => {
    await page.goto("/health");
    await page.getByRole("button", { name: "Emergency rollback" }).click();
    const dialog = page.getByTestId("confirm-emergency");
    await expect(dialog.getByTestId("flag-diff-use_v2_coordinator")).toContainText("50%");
    await dialog.getByLabel("Reason").fill("coordinators crashing in prod");
    await expect(dialog.getByRole("button", { name: /^Confirm/ })).toBeDisabled();
    await dialog.getByLabel("Type ROLLBACK").fill("ROLLBACK");
    await dialog.getByRole("button", { name: /^Confirm/ }).click();
    await expect(dialog.getByTestId("transition-result")).toHaveText(/Emergency rollback to phase 1, 1 flag changed/, {
      timeout: 3_000, // "within a second" on an idle machine; the CI machine is shared
    });
  });

  await test.step("the Flags page shows phase 1's state", async () => {
    await page.goto("/flags");
    for (const key of ["use_sync_test_apis", "use_new_error_handling"])
      await expect(page.getByTestId(`flag-row-${key}`)).toContainText("on");
    for (const key of [
      "use_v2_coordinator",
      "use_persistent_agents",
      "enforce_supervised_tasks",
      "use_reliable_messaging",
    ])
      await expect(page.getByTestId(`flag-row-${key}`)).toContainText("off");
  });

  await test.step("the Audit page shows each step with its reason", async () => {
    await page.goto("/audit");
    for (const [action, reason] of [
      ["phase.advanced", "kick-off: readiness green"],
      ["phase.advanced", "phase 1 soaked 30 min, CI green"],
      ["phase.rolled_back", "message delivery dipped in staging"],
      ["rollout.emergency_rollback", "coordinators crashing in prod"],
    ]) {
      await expect(page.getByTestId("audit-row").filter({ hasText: action }).filter({ hasText: reason })).toContainText(
        E2E_OPERATOR.username,
      );
    }
  });

  await test.step("a viewer sees the same timeline but no buttons", async () => {
    const viewer = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
    await signInThroughPage(viewer, E2E_VIEWER, "/rollout");
    await expect(
      viewer.getByTestId("timeline-entry").filter({ hasText: "coordinators crashing in prod" }).first(),
    ).toBeVisible();
    for (const name of ["Emergency rollback", "Advance", "Roll back", "Re-apply phase", "Acknowledge"])
      await expect(viewer.getByRole("button", { name, exact: true })).toHaveCount(0);
  });
});
