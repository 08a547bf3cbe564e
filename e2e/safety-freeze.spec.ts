import { expect, test } from "@playwright/test";
import { E2E_OPERATOR, signInThroughPage } from "./testing/people";
import { telemetryApi } from "./testing/telemetry";

type Overview = { state: { currentPhase: number | null; status: string; version: number } };

// An operator freezes the rollout from the Rollout page: the confirm says what changes (the status, no flag), an
// advance is refused while frozen, the Overview shows the freeze and why, the timeline records both steps, and
// unfreezing with a reason makes advancing possible again. It leaves the rollout unfrozen where it found it.
test("an operator freezes the rollout with a reason, advancing is refused, the Overview shows why, and unfreezing ends it", async ({
  browser,
  request,
  baseURL,
}) => {
  const api = await telemetryApi(request, baseURL!);
  const overview = async () => (await (await request.get("/api/v1/rollout")).json()) as Overview;
  const flags = async () => (await (await request.get("/api/v1/flags")).json()) as { flags: unknown[] };

  await test.step("the rollout is under way, not frozen, and not at the last phase", async () => {
    await api.post("/api/v1/rollout/unfreeze", { reason: "journey: start unfrozen" }); // 409 when not frozen: fine
    let { state } = await overview();
    if (state.currentPhase === null)
      expect((await api.post("/api/v1/rollout/start", { from: null, reason: "journey" })).status()).toBe(200);
    ({ state } = await overview());
    if (state.currentPhase === 5)
      expect((await api.post("/api/v1/rollout/rollback", { from: 5, reason: "journey" })).status()).toBe(200);
    expect((await overview()).state.status).not.toBe("frozen");
  });

  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signInThroughPage(page, E2E_OPERATOR, "/rollout");
  const flagsBefore = await flags();
  const phase = (await overview()).state.currentPhase;

  await test.step("freeze: the confirm says exactly what changes, a reason is required", async () => {
    await page.getByRole("button", { name: "Freeze", exact: true }).click();
    const dialog = page.getByTestId("confirm-freeze");
    await expect(dialog.getByTestId("freeze-change")).toContainText("frozen: advancing is refused until unfrozen");
    await expect(dialog.getByTestId("freeze-change")).toContainText("No flag changes.");
    const confirm = dialog.getByRole("button", { name: "Confirm freeze" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel("Reason").fill("investigating a latency report");
    await confirm.click();
    await expect(dialog.getByTestId("freeze-result")).toContainText(`Frozen at phase ${phase}`);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("time-in-phase")).toContainText("frozen");
    expect(await flags()).toEqual(flagsBefore);
  });

  await test.step("advance is refused while frozen, before anything is sent", async () => {
    await page.getByRole("button", { name: "Advance", exact: true }).click();
    const dialog = page.getByTestId("confirm-advance");
    await expect(dialog.getByRole("alert")).toContainText("frozen; unfreeze it first");
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  await test.step("the Overview shows the freeze and why; the timeline records it", async () => {
    await page.goto("/");
    const banner = page.getByTestId("frozen-banner");
    await expect(banner).toContainText("Frozen by an operator");
    await expect(banner).toContainText("investigating a latency report");
    await expect(page.getByTestId("last-events")).toContainText("Rollout frozen");
  });

  await test.step("unfreeze from the Rollout page with a reason: advancing is possible again", async () => {
    await page.goto("/rollout");
    await page.getByRole("button", { name: "Unfreeze", exact: true }).click();
    const dialog = page.getByTestId("confirm-unfreeze");
    await expect(dialog.getByTestId("freeze-change")).toContainText("no longer frozen");
    await dialog.getByLabel("Reason").fill("latency explained: a slow client");
    await dialog.getByRole("button", { name: "Confirm unfreeze" }).click();
    await expect(dialog.getByTestId("freeze-result")).toContainText("Unfrozen");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("time-in-phase")).not.toContainText("frozen");
    const timeline = page.getByTestId("timeline");
    await expect(timeline.locator('[data-action="rollout.unfrozen"]').first()).toContainText(
      "latency explained: a slow client",
    );
    await expect(timeline.locator('[data-action="rollout.frozen"]').first()).toContainText(
      "investigating a latency report",
    );
    await page.getByRole("button", { name: "Advance", exact: true }).click();
    await expect(page.getByTestId("confirm-advance").getByTestId("transition-target")).toContainText(
      `Phase ${phase} → Phase`,
    );
    expect((await overview()).state.status).not.toBe("frozen");
  });
});
