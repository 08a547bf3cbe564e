import { expect, request as playwrightRequest, test } from "@playwright/test";
import { telemetryApi } from "./testing/telemetry";

// CI posts readiness runs with an ingest token; the page shows the finding; the rollout's readiness gate holds the
// advance listing the failing check until a READY run arrives. Every live check is met by real evidence here: steady
// telemetry, an enabled webhook, and a rollback performed by this journey. Runs after the other journeys (its own
// Playwright project), because it needs a started rollout and leaves one.
const FINDING = {
  rule: "catch_all",
  file: "lib/billing/invoice_worker.ex",
  line: 42,
  column: 7,
  text: "rescue _ -> :error",
  enclosing: "handle_info/2",
  fingerprint: "catch_all:lib/billing/invoice_worker.ex:handle_info/2:rescue _ -> :error",
};
const CODE_CHECKS = [
  "architecture.no_unsupervised_processes",
  "architecture.monitor_cleanup",
  "state_management.persistent_agents",
  "error_handling.single_error_type",
  "error_handling.no_catch_all",
  "testing.no_test_sleep",
];
const CI_CHECKS = [
  "architecture.no_raw_send",
  "architecture.supervision_strategy",
  "state_management.state_recovery",
  "state_management.no_data_loss",
  "error_handling.error_boundaries",
  "testing.async_tests",
  "testing.integration_tests",
];

function scanReport(scannedAt: string, withFinding: boolean) {
  return {
    root: "/builds/billing",
    mode: "plan",
    scannedAt,
    durationMs: 210,
    filesScanned: 120,
    preIntegration: [
      {
        key: "error_handling",
        name: "Error handling",
        status: withFinding ? "failed" : "passed",
        issues: withFinding ? [`Dangerous error handling in: ${FINDING.file}`] : [],
        findings: withFinding ? [FINDING] : [],
      },
    ],
    checklist: CODE_CHECKS.map((key) => {
      const failing = withFinding && key === "error_handling.no_catch_all";
      return {
        key,
        name: key,
        status: failing ? "failed" : "passed",
        issues: failing ? [`Dangerous error handling in: ${FINDING.file}`] : [],
        findings: failing ? [FINDING] : [],
      };
    }),
    skipped: [],
    passed: !withFinding,
  };
}

test("a finding posted from CI shows on the Readiness page and holds the advance; a READY run lets it pass", async ({
  page,
  request,
  baseURL,
}) => {
  const api = await telemetryApi(request, baseURL!);
  const rollout = async () =>
    (await (await request.get("/api/v1/rollout")).json()) as {
      state: { currentPhase: number | null; version: number };
      phases: { number: number; monitorForMinutes: number | null }[];
    };
  const serverNow = async () => ((await (await request.get("/api/v1/metrics")).json()) as { now: string }).now;
  const token = await api.post("/api/v1/tokens", { name: `readiness ci ${Date.now()}`, scopes: ["ingest"] });
  expect(token.status()).toBe(201);
  const ci = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${((await token.json()) as { token: string }).token}` },
  });
  const postRun = async (body: unknown) => {
    const response = await ci.post("/api/v1/readiness/runs", { data: body });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as { id: number; verdict: string };
  };
  const reported = CI_CHECKS.map((key, i) => ({
    key,
    status: "passed",
    evidenceUrl: `https://ci.example.com/billing/jobs/${1000 + i}`,
  }));

  await test.step("a rollback drill, an alert route and steady telemetry: the live checks' real evidence", async () => {
    if ((await rollout()).state.currentPhase === null)
      expect((await api.post("/api/v1/rollout/start", { reason: "readiness journey" })).status()).toBe(200);
    await api.post("/api/v1/guard/acknowledge", { reason: "readiness journey" }); // 409 when not frozen: fine
    if ((await rollout()).state.currentPhase === 1)
      expect(
        (await api.post("/api/v1/rollout/advance", { reason: "readiness journey: set up", override: true })).status(),
      ).toBe(200);
    const from = (await rollout()).state.currentPhase;
    expect(
      (await api.post("/api/v1/rollout/rollback", { reason: "readiness journey: rollback drill", from })).status(),
    ).toBe(200);
    const hook = await api.post("/api/v1/webhooks", {
      name: "ops pager (readiness journey)",
      url: "http://127.0.0.1:9/pager",
      events: ["alert.opened"],
    });
    expect(hook.status()).toBe(201);
    const { state, phases } = await rollout();
    await api.advanceClock((phases.find((p) => p.number === state.currentPhase)?.monitorForMinutes ?? 0) + 1);
    await api.report("steady");
  });

  await test.step("CI posts a run with a catch-all finding: NOT READY, and the page shows the file, line and text", async () => {
    const run = await postRun({ scan: scanReport(await serverNow(), true), reported });
    expect(run.verdict).toBe("NOT READY");
    await page.goto("/readiness");
    await expect(page.getByTestId("readiness-verdict")).toHaveText(/NOT READY/);
    await expect(page.getByTestId("readiness-overall")).toHaveText("OVERALL: 16/17 checks passed");
    const check = page.getByTestId("check-error_handling.no_catch_all");
    await expect(check).toHaveAttribute("data-status", "failed");
    await expect(check.getByTestId("finding")).toHaveText(`${FINDING.file}:${FINDING.line} ${FINDING.text}`);
    await expect(page.getByTestId("check-testing.integration_tests")).toHaveAttribute("data-status", "passed");
    await expect(page.getByTestId("check-operations.rollback_tested")).toHaveAttribute("data-status", "passed");
    await expect(page.getByTestId("category-error_handling")).toContainText("2/3");
  });

  await test.step("the readiness gate refuses the advance and lists the failing check", async () => {
    const refused = await api.post("/api/v1/rollout/advance", { reason: "readiness journey: too early" });
    expect(refused.status()).toBe(409);
    const problem = (await refused.json()) as { unmet: string[]; detail: string };
    expect(problem.unmet).toEqual(["readiness"]);
    expect(problem.detail).toContain("failed: No catch-all handlers (error_handling.no_catch_all)");
    await page.goto("/rollout");
    await page.getByRole("button", { name: "Advance", exact: true }).click();
    const gate = page.getByTestId("confirm-advance").getByTestId("gate-readiness");
    await expect(gate).toHaveAttribute("data-status", "fail");
    await expect(gate).toContainText("error_handling.no_catch_all");
    await page.getByTestId("confirm-advance").getByRole("button", { name: "Cancel" }).click();
  });

  await test.step("the fix is posted: READY, and the page shows what changed since the previous run", async () => {
    const run = await postRun({ scan: scanReport(await serverNow(), false) });
    expect(run.verdict).toBe("READY");
    await page.goto("/readiness");
    await expect(page.getByTestId("readiness-verdict")).toHaveText(/READY/);
    await expect(page.getByTestId("readiness-verdict")).not.toHaveText(/NOT/);
    await expect(page.getByTestId("flipped-error_handling.no_catch_all")).toContainText("failed → passed");
    await expect(page.getByTestId("findings-removed")).toContainText(`${FINDING.file}:${FINDING.line}`);
    await expect(page.getByTestId(`history-run-${run.id}`)).toContainText("READY");
  });

  await test.step("the advance passes the readiness gate", async () => {
    await page.goto("/rollout");
    const from = (await rollout()).state.currentPhase!;
    await page.getByRole("button", { name: "Advance", exact: true }).click();
    const dialog = page.getByTestId("confirm-advance");
    await expect(dialog.getByTestId("gate-readiness")).toHaveAttribute("data-status", "pass");
    await dialog.getByLabel("Reason").fill("readiness green: CI run and live checks");
    await dialog.getByRole("button", { name: /^Confirm/ }).click();
    await expect(dialog.getByTestId("transition-result")).toHaveText(
      new RegExp(`Advanced from phase ${from} to phase ${from + 1}`),
    );
  });
  await ci.dispose();
});
