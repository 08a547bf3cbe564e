import { expect, test } from "@playwright/test";
import { telemetryApi } from "./testing/telemetry";

// The guard, driven by the test clock and explicit evaluations (POST /api/v1/guard/evaluate), never by waiting.
test("bad canary at phase 4 rolls back to phase 3 automatically, shown on Overview with its reason; flapping rolls back at most once per cooldown; silence never", async ({
  page,
  request,
  baseURL,
}) => {
  const api = await telemetryApi(request, baseURL!);
  const phase = async () =>
    ((await (await request.get("/api/v1/rollout")).json()) as { state: { currentPhase: number | null } }).state
      .currentPhase;
  const toPhase4 = async () => {
    if ((await phase()) === null)
      expect((await api.post("/api/v1/rollout/start", { reason: "journey" })).status()).toBe(200);
    await api.post("/api/v1/guard/acknowledge", { reason: "journey reset" }); // 409 when not frozen: fine
    while ((await phase())! < 4)
      expect((await api.post("/api/v1/rollout/advance", { reason: "journey", override: true })).status()).toBe(200);
  };
  const autoRollbacks = async () =>
    (
      (await (await request.get("/api/v1/audit?action=rollout.auto_rollback&limit=100")).json()) as {
        events: unknown[];
      }
    ).events.length;

  await test.step("silent: no reports, five evaluations, no rollback and the tiles say no data", async () => {
    await toPhase4();
    await api.advanceClock(20);
    for (let i = 0; i < 5; i++) expect((await api.evaluate()).action).toBe("none");
    expect(await phase()).toBe(4);
    await page.goto("/");
    await expect(page.getByTestId("metric-error_rate")).toHaveAttribute("data-verdict", "no_data");
    await expect(page.getByTestId("metric-error_rate")).toContainText("no data");
  });

  await test.step("bad canary at phase 4: three violating evaluations roll back to phase 3", async () => {
    await api.report("bad-canary");
    expect((await api.evaluate()).action).toBe("none");
    expect((await api.evaluate()).action).toBe("none");
    expect((await api.evaluate()).action).toBe("rolled_back");
    expect(await phase()).toBe(3);
  });

  await test.step("Overview shows the automatic rollback, why, and the freeze", async () => {
    await page.goto("/");
    await expect(page.getByTestId("overview-phase")).toContainText("Phase 3");
    const banner = page.getByTestId("frozen-banner");
    await expect(banner).toContainText("Frozen after an automatic rollback");
    await expect(banner).toContainText(/error_rate [\d.]+ > 5/);
    await expect(page.getByTestId("active-alerts")).toContainText("Automatic rollback to phase 3");
    await expect(page.getByTestId("metric-error_rate")).toHaveAttribute("data-verdict", "violating");
  });

  await test.step("the operator acknowledges on Overview; the freeze ends", async () => {
    await page.getByLabel("Why it is safe to continue").fill("canary build pulled");
    await page.getByRole("button", { name: "Acknowledge and unfreeze" }).click();
    await expect(page.getByTestId("frozen-banner")).toHaveCount(0);
  });

  await test.step("flapping: at most one automatic rollback per cooldown", async () => {
    await api.advanceClock(11); // past the cooldown of the bad-canary rollback
    await toPhase4();
    const before = await autoRollbacks();
    // Twenty evaluations over 9 minutes of flapping data: shorter than the 10-minute cooldown.
    for (let minute = 0; minute < 9; minute++) {
      await api.report("flapping");
      for (let i = 0; i < 2; i++) await api.evaluate();
      await api.advanceClock(1);
      await api.post("/api/v1/guard/acknowledge", { reason: "journey: keep going" });
      if ((await phase())! < 4)
        await api.post("/api/v1/rollout/advance", { reason: "journey: try again", override: true });
    }
    expect((await autoRollbacks()) - before).toBeLessThanOrEqual(1);
  });
});
