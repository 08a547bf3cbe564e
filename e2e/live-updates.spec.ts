import { expect, test } from "@playwright/test";

// The live stream refreshes what an event makes stale, and only that: opening the stream the first time does not
// re-fetch the page's data it has just loaded.
test("a change made elsewhere refreshes the open page once, and connecting the stream refreshes nothing", async ({
  page,
  context,
}) => {
  const flagListFetches: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/v1/flags" && request.method() === "GET")
      flagListFetches.push(request.url());
  });

  await test.step("open the flags page and wait for the stream", async () => {
    await page.goto("/flags");
    await expect(page.getByTestId("flag-row-use_reliable_messaging")).toBeVisible();
    await expect(page.getByTestId("live-status")).toHaveText("live");
  });

  await test.step("a flag changes through the API; the page shows it after exactly one more fetch", async () => {
    const csrf = (await context.cookies()).find((cookie) => cookie.name === "pg_csrf")!.value;
    const changed = await page.request.patch("/api/v1/flags/use_reliable_messaging", {
      data: { value: 40, reason: "live update check" },
      headers: { "x-csrf-token": csrf, origin: new URL(page.url()).origin },
    });
    expect(changed.status()).toBe(200);
    await expect(page.getByTestId("flag-row-use_reliable_messaging")).toContainText("40%");
    // Events arrive in order: a refetch caused by connecting would have come before the one this change caused.
    expect(flagListFetches).toHaveLength(2);
  });
});
