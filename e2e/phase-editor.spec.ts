import { expect, test } from "@playwright/test";

type RunbookItem = { section: string; text: string; durationMinutes: number | null };
type Overview = { phases: { number: number; runbook: RunbookItem[] }[] };

// An admin edits phase 4's runbook in the plan editor: adds a check with how long to watch and a clean-up step,
// sees the validation messages before anything is sent, saves (audited, no flag applied), then puts the runbook
// back as it was so the other journeys find the plan's own.
test("an admin edits a phase's runbook items in the plan editor, with validation messages, and restores them", async ({
  page,
  request,
}) => {
  const runbookOf4 = async () =>
    ((await (await request.get("/api/v1/rollout")).json()) as Overview).phases.find((p) => p.number === 4)!.runbook;
  const flags = async () => (await request.get("/api/v1/flags")).json();
  const original = await runbookOf4();
  const flagsBefore = await flags();
  const n = original.length;

  await page.goto("/rollout");
  const editor = page.getByRole("form", { name: "Edit phase 4" });

  await test.step("the editor shows the phase's runbook items", async () => {
    await page.getByRole("button", { name: "Edit phase 4" }).click();
    await expect(editor.getByTestId("runbook-item")).toHaveCount(n);
    await expect(editor.getByLabel("Runbook item 1 text")).toHaveValue(original[0]!.text);
  });

  await test.step("a new check: empty text and a zero duration are named before anything is sent", async () => {
    await editor.getByRole("button", { name: "Add runbook item" }).click();
    const item = editor.getByTestId("runbook-item").nth(n);
    await expect(item.getByRole("alert")).toHaveText("must not be empty");
    await editor.getByLabel("Reason (goes into the audit trail)").fill("watch the canary longer");
    await expect(editor.getByRole("button", { name: "Save phase" })).toBeDisabled();
    await editor.getByLabel(`Runbook item ${n + 1} text`).fill("Watch the canary's error rate");
    await editor.getByLabel(`Runbook item ${n + 1} minutes`).fill("0");
    await expect(item.getByRole("alert")).toHaveText("minutes: a whole number of minutes, at least 1");
    await expect(editor.getByRole("button", { name: "Save phase" })).toBeDisabled();
    await editor.getByLabel(`Runbook item ${n + 1} minutes`).fill("90");
    await expect(item.getByRole("alert")).toHaveCount(0);
  });

  await test.step("a post-deployment clean-up step has no duration", async () => {
    await editor.getByRole("button", { name: "Add runbook item" }).click();
    await editor.getByLabel(`Runbook item ${n + 2} section`).selectOption("post_deployment");
    await expect(editor.getByLabel(`Runbook item ${n + 2} minutes`)).toHaveCount(0);
    await editor.getByLabel(`Runbook item ${n + 2} text`).fill("Remove the canary dashboards");
  });

  await test.step("saving changes the plan only: the items are stored, audited, and no flag changed", async () => {
    await editor.getByRole("button", { name: "Save phase" }).click();
    await expect(editor).toHaveCount(0);
    expect(await runbookOf4()).toEqual([
      ...original,
      { section: "checks", text: "Watch the canary's error rate", durationMinutes: 90 },
      { section: "post_deployment", text: "Remove the canary dashboards", durationMinutes: null },
    ]);
    expect(await flags()).toEqual(flagsBefore);
    const audit = (await (await request.get("/api/v1/audit?action=plan.changed&limit=1")).json()) as {
      events: { reason: string }[];
    };
    expect(audit.events[0]!.reason).toBe("watch the canary longer");
  });

  await test.step("removing both items puts the plan's runbook back", async () => {
    await page.getByRole("button", { name: "Edit phase 4" }).click();
    await expect(editor.getByTestId("runbook-item")).toHaveCount(n + 2);
    await editor.getByRole("button", { name: `Remove item ${n + 2}` }).click();
    await editor.getByRole("button", { name: `Remove item ${n + 1}` }).click();
    await editor.getByLabel("Reason (goes into the audit trail)").fill("journey: back to the plan's runbook");
    await editor.getByRole("button", { name: "Save phase" }).click();
    await expect(editor).toHaveCount(0);
    expect(await runbookOf4()).toEqual(original);
  });
});
