// `npm start`: build if needed, choose the database (DATABASE_URL or the embedded server), apply migrations,
// load the rollout plan into an empty database, and serve the dashboard. Ctrl-C or SIGTERM stops accepting, lets
// requests in flight finish (up to 10 s), then stops the database and exits 0 (scripts/lib/shutdown.ts).
import { applyMigrations } from "../lib/db/migrate";
import { createPrismaClient } from "../lib/db/client";
import { ensureInitialAdmin, type InitialAdmin } from "../lib/auth/bootstrap-service";
import { loadPlanIfEmpty } from "../lib/rollout/plan-loader-service";
import { buildIfNeeded } from "./lib/build";
import { describeStartupError, fail, info } from "./lib/console";
import { portIsFree } from "../lib/db/embedded-postgres";
import { resolveDatabase } from "./lib/database";
import { startDemoSimulator } from "./lib/demo-simulator";
import { startServer, type RunningServer } from "./lib/server";
import { stopGracefullyOnSignals } from "./lib/shutdown";

Object.assign(process.env, { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) fail(`PORT must be a number from 1 to 65535 (got "${value}").`);
  return port;
}

function announceAdmin(admin: Extract<InitialAdmin, { created: true }>) {
  if (admin.source === "environment") info(`created the admin user "${admin.username}" with PHASEGATE_ADMIN_PASSWORD`);
  else if (admin.source === "demo")
    info(
      `created the admin user "${admin.username}" with the demo password "${admin.password}" (embedded demo database; change it in Settings)`,
    );
  else
    info(
      `created the admin user "${admin.username}" with password ${admin.password} (shown once: sign in and change it in Settings)`,
    );
}

async function main() {
  const port = parsePort(process.env.PORT ?? "3000");
  const host = process.env.HOST?.trim() || "0.0.0.0";
  if (!(await portIsFree(port, host))) {
    fail(`port ${port} is already in use. Stop whatever is using it, or choose another port: PORT=3001 npm start`);
  }
  // The database comes first so that a wrong DATABASE_URL or data folder is reported before a 30 s build.
  const database = await resolveDatabase({ ownSignals: true });
  process.env.DATABASE_URL = database.url;
  process.env.PHASEGATE_EMBEDDED_DB = database.embedded ? "1" : "0";
  const web: { server?: RunningServer } = {};
  stopGracefullyOnSignals({
    closeServer: () => web.server?.close,
    inFlight: () => web.server?.inFlight() ?? 0,
    stopDatabase: database.stop,
  });
  if (!buildIfNeeded(info)) {
    await database.stop().catch(() => {});
    fail("the build failed (see the output above).");
  }

  try {
    const applied = await applyMigrations(database.url);
    if (applied.length) info(`applied migrations: ${applied.join(", ")}`);
    const prisma = createPrismaClient(database.url);
    const plan = await loadPlanIfEmpty(prisma);
    if (plan.loaded) info("loaded the rollout plan (6 flags, 5 phases, 4 thresholds, 17 readiness checks)");
    const admin = await ensureInitialAdmin(prisma, {
      password: process.env.PHASEGATE_ADMIN_PASSWORD || undefined,
      embeddedDemo: database.embedded,
    });
    if (admin.created) announceAdmin(admin);
    await prisma.$disconnect();
    // Migrations ran as the owner; the app serves as a role that cannot lift the audit trail's guarantees.
    process.env.DATABASE_URL = await database.servingUrl();
  } catch (error) {
    await database.stop().catch(() => {});
    fail(`could not prepare the database: ${describeStartupError(error)}`);
  }

  // On the embedded demo database a steady simulator reports, so a new user sees a live dashboard; the UI says the
  // data is simulated. Never against a DATABASE_URL (PHASEGATE_SIMULATE=0 turns it off on the demo database too).
  const simulate = database.embedded && process.env.PHASEGATE_SIMULATE !== "0";
  if (simulate) process.env.PHASEGATE_SIMULATED = "1";
  const server = await startServer({ port, host }).catch(async (error: unknown) => {
    await database.stop().catch(() => {});
    fail(`could not start the web server: ${describeStartupError(error)}`);
  });
  web.server = server;
  // Its timers do not hold the process open; shutdown ends it with everything else.
  if (simulate) await startDemoSimulator(server.port);
  info(`serving http://localhost:${server.port}${host === "0.0.0.0" ? "" : ` (bound to ${host})`}`);
  info(`database: ${database.description}`);
  info("press Ctrl-C to stop");
}

main().catch((error: unknown) => fail(describeStartupError(error)));
