import { expect, test } from "@playwright/test";
import { telemetryApi } from "./testing/telemetry";

// The metric tiles follow ingestion through the event stream (health.ingested), not a poll: the polling fallback is
// 30 s and every expectation here gives up after 10 s, so only the event can make them pass.
test("an open Overview shows reports a moment after they are ingested, without a poll", async ({
  page,
  request,
  baseURL,
}) => {
  const api = await telemetryApi(request, baseURL!);

  await test.step("after 20 quiet minutes the error-rate tile says no data", async () => {
    await api.advanceClock(20);
    await page.goto("/");
    await expect(page.getByTestId("metric-error_rate")).toHaveAttribute("data-verdict", "no_data");
  });

  await test.step("steady reports arrive; the open page's tile turns ok without reloading", async () => {
    const fetched: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/v1/metrics") fetched.push(r.url());
    });
    await api.report("steady");
    await expect(page.getByTestId("metric-error_rate")).toHaveAttribute("data-verdict", "ok");
    expect(fetched.length).toBeGreaterThan(0); // refetched by the page itself, after the event
  });
});
