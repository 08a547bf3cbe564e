// `npm test`: formatting (prettier --check), lint, type-check, unit tests, integration tests against a real
// PostgreSQL (throwaway databases on DATABASE_URL's server, or on an embedded server when it is unset), then
// Playwright journeys in real Chromium. Missing system packages (Chromium, Erlang) are installed first where apt and
// root allow it (scripts/lib/system-packages.ts lists them).
// `npm test -- unit integration` runs only the named steps.
import { spawn } from "node:child_process";
import { createPrismaClient } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import {
  createDatabase,
  dropDatabasesWithPrefix,
  freePort,
  newRunPrefix,
  startTestServer,
  type TestServer,
} from "../lib/db/testing/test-database";
import { loadPlanIfEmpty } from "../lib/rollout/plan-loader-service";
import { fail, info } from "./lib/console";
import { ensureSystemPackages } from "./lib/ensure-system-packages";

const STEPS = ["format", "lint", "typecheck", "unit", "integration", "e2e"] as const;
type Step = (typeof STEPS)[number];

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const bin = (name: string) => `node_modules/.bin/${name}`;

async function main() {
  const requested = process.argv.slice(2);
  for (const step of requested)
    if (!STEPS.includes(step as Step)) fail(`unknown test step "${step}"; steps: ${STEPS.join(", ")}`);
  const steps: Step[] = requested.length ? (requested as Step[]) : [...STEPS];
  ensureSystemPackages(steps);

  const prefix = newRunPrefix();
  let server: TestServer | undefined;
  const needsDatabase = steps.includes("integration") || steps.includes("e2e");
  if (needsDatabase) {
    server = await startTestServer();
    info(
      `test databases: ${server.embedded ? "embedded PostgreSQL in a temporary folder" : "DATABASE_URL's server"}, prefix ${prefix}`,
    );
  }
  const started = Date.now();
  const failed: Step[] = [];
  try {
    for (const step of steps) {
      info(`── ${step} ──`);
      const code = await runStep(step, server, prefix);
      if (code !== 0) failed.push(step);
    }
  } finally {
    if (server) {
      await dropDatabasesWithPrefix(server.adminUrl, prefix).catch((error: unknown) =>
        info(`could not drop test databases: ${String(error)}`),
      );
      await server.stop();
    }
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  if (failed.length) fail(`failed: ${failed.join(", ")} (${seconds} s)`);
  info(`all passed: ${steps.join(", ")} (${seconds} s)`);
  process.exit(0);
}

async function runStep(step: Step, server: TestServer | undefined, prefix: string): Promise<number> {
  switch (step) {
    case "format":
      return run(bin("prettier"), ["--check", "--log-level", "warn", "."]);
    case "lint":
      return run(bin("eslint"), ["."]);
    case "typecheck":
      return run(bin("tsc"), ["--noEmit"]);
    case "unit":
      return run(bin("vitest"), ["run", "--project", "unit"]);
    case "integration":
      return run(bin("vitest"), ["run", "--project", "integration"], {
        DATABASE_URL: server!.adminUrl,
        PHASEGATE_TEST_RUN_PREFIX: prefix,
      });
    case "e2e": {
      const url = await createDatabase(server!.adminUrl, `${prefix}_e2e`);
      await applyMigrations(url);
      const prisma = createPrismaClient(url);
      await loadPlanIfEmpty(prisma);
      await prisma.$disconnect();
      return run(bin("playwright"), ["test"], {
        PHASEGATE_E2E_DATABASE_URL: url,
        PHASEGATE_E2E_PORT: String(await freePort()),
      });
    }
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
