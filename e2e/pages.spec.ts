import { expect, test } from "@playwright/test";

const PAGES = [
  { nav: "Overview", path: "/", heading: "Overview", empty: "No health reports yet" },
  { nav: "Flags", path: "/flags", heading: "Flags", empty: "No ids have been evaluated for this flag yet" },
  { nav: "Rollout", path: "/rollout", heading: "Rollout", empty: "The rollout has not started" },
  { nav: "Health", path: "/health", heading: "Health", empty: "No interval reports received yet" },
  { nav: "Supervision", path: "/supervision", heading: "Supervision", empty: "No supervision trees reported yet" },
  { nav: "Readiness", path: "/readiness", heading: "Readiness", empty: "No readiness run yet" },
  { nav: "Audit", path: "/audit", heading: "Audit", empty: null },
  { nav: "Settings", path: "/settings", heading: "Settings", empty: null },
];

test("a signed-in person opens every page from the navigation on a fresh installation", async ({ page }) => {
  await page.goto("/");
  for (const target of PAGES) {
    await test.step(`${target.nav} page`, async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: target.nav, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${target.path === "/" ? "/$" : target.path}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(target.heading);
      if (target.empty) await expect(page.getByText(target.empty)).toBeVisible();
      else await expect(page.locator("main section").first()).toBeVisible();
    });
  }
});

test("the pages show the rollout plan loaded on first start", async ({ page }) => {
  await test.step("flags are all off", async () => {
    await page.goto("/flags");
    for (const key of ["use_v2_coordinator", "use_persistent_agents", "enforce_supervised_tasks"]) {
      await expect(page.getByTestId(`flag-row-${key}`)).toContainText("off");
    }
  });
  await test.step("the five phases with the runbook's monitor-for times", async () => {
    await page.goto("/rollout");
    await expect(page.getByTestId("phase-1")).toContainText("Monitor for: 30 min");
    await expect(page.getByTestId("phase-2")).toContainText("Monitor for: 2 h");
    await expect(page.getByTestId("phase-4")).toContainText("Production Canary");
    await expect(page.getByTestId("rollout-badge")).toHaveText(/Rollout not started/);
  });
  await test.step("thresholds and readiness checklist", async () => {
    await page.goto("/health");
    await expect(page.getByRole("cell", { name: "> 5 %" })).toBeVisible();
    await page.goto("/readiness");
    await expect(page.getByText("17 checks in 5 categories")).toBeVisible();
  });
  await test.step("the audit trail records the plan load", async () => {
    await page.goto("/audit");
    await expect(page.getByRole("cell", { name: "plan.loaded" })).toBeVisible();
  });
});

test("the theme switches between dark and light and is remembered", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByRole("button", { name: "Switch to light theme" }).first().click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});
