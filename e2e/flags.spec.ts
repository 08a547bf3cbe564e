import { expect, test } from "@playwright/test";
import { flagBucket } from "../lib/flags/phash2";
import { E2E_OPERATOR, E2E_VIEWER, signInThroughPage } from "./testing/people";

const FLAG = "use_v2_coordinator";
const IDS = Array.from({ length: 200 }, (_, i) => `coordinator-${i}`);

test("an operator widens a percentage rollout after seeing what it flips; a viewer's open page follows live", async ({
  browser,
  request,
}) => {
  await test.step("services evaluate the flag for 200 coordinator ids", async () => {
    for (const id of IDS)
      expect((await request.get(`/api/v1/flags/${FLAG}/evaluate`, { params: { id } })).status()).toBe(200);
    // The evaluation sample is written in batches: wait until the ids are known.
    await expect
      .poll(
        async () =>
          ((await (await request.get(`/api/v1/flags/${FLAG}/known-ids`)).json()) as { ids: unknown[] }).ids.length,
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(200);
  });

  const viewer = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await test.step("a viewer watches the flags page", async () => {
    await signInThroughPage(viewer, E2E_VIEWER, "/flags");
    await expect(viewer.getByTestId(`flag-row-${FLAG}`)).toBeVisible();
    await expect(viewer.getByTestId(`flag-row-${FLAG}`).getByRole("button", { name: "Change" })).toHaveCount(0);
    await expect(viewer.getByTestId("live-status")).toHaveText("live");
  });

  const operator = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await test.step("the operator signs in and opens the change form", async () => {
    await signInThroughPage(operator, E2E_OPERATOR, "/flags");
    await operator.getByTestId(`flag-row-${FLAG}`).getByRole("button", { name: "Change" }).click();
  });

  const target = 25;
  await test.step("chooses 25 %, gives a reason, and reviews the flip count before confirming", async () => {
    const form = operator.getByRole("form", { name: `Change ${FLAG}` });
    await form.getByLabel("percentage of ids").check();
    await form.getByLabel("Percentage", { exact: true }).fill(String(target));
    await expect(form.getByRole("button", { name: "Review change" })).toBeDisabled();
    await form.getByPlaceholder(/canary healthy/).fill("canary healthy for 24 h");
    await form.getByRole("button", { name: "Review change" }).click();
    const expectedOn = IDS.filter((id) => flagBucket(FLAG, id, "string") < target).length;
    await expect(operator.getByTestId("flip-count")).toHaveText(
      `Of the last ${IDS.length} known ids, ${expectedOn} would turn on and 0 would turn off.`,
    );
    await operator.getByRole("button", { name: "Confirm change" }).click();
    await expect(operator.getByTestId(`flag-row-${FLAG}`)).toContainText(`${target}%`);
  });

  await test.step("the viewer's page shows the new value without a reload", async () => {
    await expect(viewer.getByTestId(`flag-row-${FLAG}`)).toContainText(`${target}%`);
    await expect(viewer.getByTestId(`flag-row-${FLAG}`)).toContainText(E2E_OPERATOR.username);
  });

  await test.step("who is in? answers with the same buckets the services use", async () => {
    await viewer.getByLabel("Flag to check").selectOption(FLAG);
    await viewer.getByLabel("Ids to check").fill(IDS.slice(0, 10).join("\n"));
    const expected = IDS.slice(0, 10).filter((id) => flagBucket(FLAG, id, "string") < target).length;
    await expect(viewer.getByTestId("who-is-in-summary")).toContainText(`${expected} of 10 in at ${target}%`);
  });

  await test.step("the change is in the audit trail with its reason", async () => {
    await operator.goto("/audit");
    const row = operator.getByTestId("audit-row").filter({ hasText: "flag.changed" }).first();
    await expect(row).toContainText(E2E_OPERATOR.username);
    await expect(row).toContainText("canary healthy for 24 h");
  });
});
