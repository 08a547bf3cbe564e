import { defineConfig } from "@playwright/test";
import { E2E_ADMIN } from "./e2e/testing/people";

// Journeys run in Debian's Chromium (no browser download) against the production build served by `npm start`'s
// own start script, on a throwaway database prepared by scripts/test.ts.
const port = Number(process.env.PHASEGATE_E2E_PORT ?? 3999);
const databaseUrl = process.env.PHASEGATE_E2E_DATABASE_URL;
if (!databaseUrl)
  throw new Error("Run the journeys through `npm test` (or npm run test:e2e), which prepares their database.");

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.PHASEGATE_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // The fresh-installation checks run before the journeys that change flags, tokens and people.
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "fresh-installation",
      testMatch: /pages\.spec\.ts/,
      dependencies: ["setup"],
      use: { storageState: "test-results/.auth/admin.json" },
    },
    {
      name: "journeys",
      testIgnore: /pages\.spec\.ts|auth\.setup\.ts|readiness\.spec\.ts|canary\.spec\.ts/,
      dependencies: ["fresh-installation"],
      use: { storageState: "test-results/.auth/admin.json" },
    },
    // The readiness journey starts the rollout and leaves it started, so it runs after the journeys that expect a
    // rollout not started yet.
    {
      name: "after-journeys",
      testMatch: /readiness\.spec\.ts/,
      dependencies: ["journeys"],
      use: { storageState: "test-results/.auth/admin.json" },
    },
    // The canary journey ends in an automatic rollback and a moved clock: it runs after every other journey.
    {
      name: "canary",
      testMatch: /canary\.spec\.ts/,
      dependencies: ["after-journeys"],
      use: { storageState: "test-results/.auth/admin.json" },
    },
  ],
  webServer: {
    command: "node --import ./scripts/lib/allow-server-only.mjs --import tsx scripts/start.ts",
    url: `http://127.0.0.1:${port}/api/v1/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      PHASEGATE_ADMIN_PASSWORD: E2E_ADMIN.password,
      NEXT_TELEMETRY_DISABLED: "1",
      // The webhook journey's receiver runs on this host.
      PHASEGATE_WEBHOOK_ALLOW_LOOPBACK: "1",
      // The rollout journey moves the clock forward to meet the soak gate instead of waiting 30 minutes.
      PHASEGATE_TEST_CLOCK: "1",
      // The guard journey runs evaluations itself (POST /api/v1/guard/evaluate); the timer stays out of its way.
      PHASEGATE_GUARD_INTERVAL_MS: "3600000",
    },
  },
});
