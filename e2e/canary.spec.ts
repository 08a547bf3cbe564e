import { expect, test } from "@playwright/test";
import { telemetryApi } from "./testing/telemetry";

// The canary judge, driven by the test clock and explicit evaluations (POST /api/v1/guard/evaluate), never by waiting.
// Phase 4 puts use_v2_coordinator at 10 %: in subtle-canary its ids fail 20 % of requests against 1 % for the rest,
// a global 2.9 % that no threshold sees. Runs in its own project, after the journeys, because it rolls back.
test.slow(); // three page loads, each hydrating slowly on the shared machine

test("subtle canary at phase 4: the thresholds stay green, the cohort judge rolls back to phase 3, Overview shows why", async ({
  page,
  request,
  baseURL,
}) => {
  const api = await telemetryApi(request, baseURL!);
  const phase = async () =>
    ((await (await request.get("/api/v1/rollout")).json()) as { state: { currentPhase: number | null } }).state
      .currentPhase;

  await test.step("reach phase 4 by admin override of the gates, with a reason", async () => {
    // Override, not the gates: the readiness and canary gates need runs and data this journey does not produce.
    await api.post("/api/v1/guard/acknowledge", { reason: "canary journey reset" }); // 409 when not frozen: fine
    if ((await phase()) === null)
      expect((await api.post("/api/v1/rollout/start", { reason: "canary journey" })).status()).toBe(200);
    if ((await phase())! >= 4)
      expect(
        (
          await api.post("/api/v1/rollout/rollback", {
            reason: "canary journey: re-enter phase 4",
            from: await phase(),
          })
        ).status(),
      ).toBe(200);
    while ((await phase())! < 4)
      expect(
        (
          await api.post("/api/v1/rollout/advance", { reason: "canary journey: override to phase 4", override: true })
        ).status(),
      ).toBe(200);
    // Past any earlier automatic rollback's cooldown, and traffic only after phase 4 began counts.
    await api.advanceClock(11);
  });

  await test.step("subtle-canary telemetry by cohort: the global tiles stay green, the Health page shows the regression", async () => {
    await api.report("subtle-canary", 5, true);
    const metrics = (await (await request.get("/api/v1/metrics")).json()) as {
      tiles: { metric: string; verdict: string; reading: { value?: number } }[];
    };
    const errorRate = metrics.tiles.find((t) => t.metric === "error_rate")!;
    expect(errorRate.verdict).toBe("ok");
    expect(errorRate.reading.value).toBeGreaterThan(2);
    expect(errorRate.reading.value).toBeLessThan(5);

    const canary = await request.get("/api/v1/canary");
    expect(canary.status(), await canary.text()).toBe(200);
    const body = (await canary.json()) as { flags: { flag: string; overall: string }[] };
    expect(body.flags).toContainEqual(expect.objectContaining({ flag: "use_v2_coordinator", overall: "regressed" }));

    await page.goto("/health");
    const flag = page.getByTestId("canary-flag-use_v2_coordinator");
    // The first assertion after a page load waits for hydration, which takes over 10 s on a loaded machine.
    await expect(flag).toHaveAttribute("data-overall", "regressed", { timeout: 30_000 });
    await expect(flag.getByTestId("canary-row-error_rate")).toContainText("regressed");
    await expect(flag.getByTestId("time-to-decision-error_rate")).toContainText("decided regressed after");
    await page.goto("/");
    await expect(page.getByTestId("canary-line")).toContainText("use_v2_coordinator at 10 %: Regressed", {
      timeout: 30_000,
    });
  });

  await test.step("one evaluation: the cohort judge rolls back to phase 3", async () => {
    const run = await api.evaluate();
    expect(run.action).toBe("rolled_back");
    expect(run.verdict).toBe("canary_regressed");
    expect(await phase()).toBe(3);
  });

  await test.step("Overview shows why: the canary comparison in the rollback evidence, thresholds still green", async () => {
    await page.goto("/");
    await expect(page.getByTestId("overview-phase")).toContainText("Phase 3", { timeout: 30_000 });
    const banner = page.getByTestId("frozen-banner");
    await expect(banner).toContainText("canary use_v2_coordinator error_rate regressed");
    await expect(banner.getByTestId("rollback-canary-evidence")).toContainText("use_v2_coordinator at 10 %");
    await expect(banner.getByTestId("canary-row-error_rate")).toContainText("regressed");
    await expect(page.getByTestId("metric-error_rate")).toHaveAttribute("data-verdict", "ok");
    await expect(page.getByTestId("active-alerts")).toContainText("Canary regressed: use_v2_coordinator error_rate");
  });

  await test.step("the operator acknowledges; the rollout stays at phase 3 for whoever comes next", async () => {
    await page.getByLabel("Why it is safe to continue").fill("v2 coordinator build pulled");
    await page.getByRole("button", { name: "Acknowledge and unfreeze" }).click();
    await expect(page.getByTestId("frozen-banner")).toHaveCount(0);
    expect(await phase()).toBe(3);
  });
});
