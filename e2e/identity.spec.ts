import { expect, test } from "@playwright/test";
import { E2E_OPERATOR } from "./testing/people";

test.use({ storageState: { cookies: [], origins: [] } });

test("an operator signs in, sees no admin-only controls, and signs out", async ({ page }) => {
  await test.step("a page without a session sends them to sign in", async () => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
  });
  await test.step("a wrong password gets one generic message", async () => {
    await page.getByLabel("Username").fill(E2E_OPERATOR.username);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
  });
  await test.step("the right password signs in and returns to the page they wanted", async () => {
    await page.getByLabel("Password").fill(E2E_OPERATOR.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByTestId("signed-in-as")).toContainText("(operator)");
  });
  await test.step("admin-only controls are absent", async () => {
    await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
    await expect(page.getByTestId(`user-row-${E2E_OPERATOR.username}`)).toBeVisible();
    await expect(page.getByRole("form", { name: "Add a person" })).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Create an API token" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Disable" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    await expect(page.getByRole("combobox", { name: /Role of/ })).toHaveCount(0);
  });
  await test.step("signing out ends the session", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/flags");
    await expect(page).toHaveURL(/\/login\?next=%2Fflags$/);
    const api = await page.request.get("/api/v1/flags");
    expect(api.status()).toBe(401);
  });
});

test("an admin creates an API token, sees it once, and revokes it", async ({ browser }) => {
  const context = await browser.newContext({ storageState: "test-results/.auth/admin.json" });
  const page = await context.newPage();
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Create an API token" });
  await form.getByLabel("Name").fill("orders-service");
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toContainText(/pgt_[A-Za-z0-9_-]{43}/);
  const row = page.getByTestId("token-row-orders-service");
  await expect(row).toContainText("active");
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  await context.close();
});
