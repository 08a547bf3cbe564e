import { expect, test } from "@playwright/test";
import { SIGNATURE_HEADER, verifySignature } from "../lib/webhooks/signature";
import { startReceiver } from "../lib/webhooks/testing/receiver";

const FLAG = "use_persistent_agents";

test("an admin adds a webhook, changes a flag, and sees the signed delivery arrive and marked delivered", async ({
  page,
  request,
}) => {
  const receiver = await startReceiver();
  try {
    let secret = "";
    await test.step("the admin adds a webhook for flag events pointing at a receiver on this host", async () => {
      await page.goto("/settings");
      const form = page.getByRole("form", { name: "Add a webhook" });
      await form.getByRole("textbox", { name: /^Name/ }).fill("journey receiver");
      await form.getByRole("textbox", { name: /^URL/ }).fill(receiver.url);
      await form.getByRole("textbox", { name: /^Events/ }).fill("flag.*");
      await form.getByRole("button", { name: "Add webhook" }).click();
      const shown = page.getByTestId("new-webhook-secret");
      await expect(shown).toContainText(/whsec_[A-Za-z0-9_-]{32}/);
      secret = /whsec_[A-Za-z0-9_-]{32}/.exec((await shown.textContent()) ?? "")![0];
      await expect(page.getByTestId("webhook-journey receiver")).toContainText("flag.created, flag.changed");
    });

    const current = ((await (await request.get(`/api/v1/flags/${FLAG}`)).json()) as { value: unknown }).value;
    const target = current === "on" ? "off" : "on";
    await test.step(`the admin turns ${FLAG} ${target} with a reason`, async () => {
      await page.goto("/flags");
      await page.getByTestId(`flag-row-${FLAG}`).getByRole("button", { name: "Change" }).click();
      const form = page.getByRole("form", { name: `Change ${FLAG}` });
      await form.getByLabel(target, { exact: true }).check();
      await form.getByPlaceholder(/canary healthy/).fill("webhook journey");
      await form.getByRole("button", { name: "Review change" }).click();
      await page.getByRole("button", { name: "Confirm change" }).click();
      await expect(page.getByTestId(`flag-row-${FLAG}`)).toContainText(target);
    });

    await test.step("the receiver gets the event, signed with the secret shown once", async () => {
      await expect.poll(() => receiver.requests.length, { timeout: 15_000 }).toBe(1);
      const [delivery] = receiver.requests;
      const body = JSON.parse(delivery!.body) as { text: string; event: { type: string; reason: string } };
      expect(body.text).toMatch(new RegExp(`^Flag ${FLAG} changed \\(version \\d+\\) by .+: webhook journey$`));
      expect(body.event).toMatchObject({ type: "flag.changed", reason: "webhook journey" });
      const signature = delivery!.headers[SIGNATURE_HEADER] as string;
      expect(verifySignature(secret, signature, delivery!.body, Math.floor(Date.now() / 1000))).toBe(true);
    });

    await test.step("the Webhooks panel shows the delivery as delivered, and a test delivery too", async () => {
      await page.goto("/settings");
      const card = page.getByTestId("webhook-journey receiver");
      const flagDelivery = card.getByTestId("webhook-delivery").filter({ hasText: "flag.changed" });
      await expect(flagDelivery).toHaveAttribute("data-status", "delivered");
      await expect(flagDelivery).toContainText("200");
      await card.getByRole("button", { name: "Send test" }).click();
      const testDelivery = card.getByTestId("webhook-delivery").filter({ hasText: "webhook.test" });
      await expect(testDelivery).toHaveAttribute("data-status", "delivered", { timeout: 15_000 });
      expect(receiver.requests).toHaveLength(2);
    });
  } finally {
    await receiver.close();
  }
});
