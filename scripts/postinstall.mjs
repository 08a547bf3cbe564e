// Generates the Prisma client into lib/db/generated after `npm install` (it is not committed).
// Runs the CLI from node_modules directly; prisma.config.ts tells it not to look for a native engine.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const cli = "node_modules/prisma/build/index.js";
if (!existsSync(cli)) {
  console.log("phasegate: prisma CLI not installed (production install?); skipping client generation");
  process.exit(0);
}
const result = spawnSync(process.execPath, [cli, "generate"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
});
if (result.status !== 0) process.exit(result.status ?? 1);
// The phasegate CLI as one plain JavaScript file, so a call starts in well under a second instead of compiling
// TypeScript through tsx each time (clients/cli/phasegate.mjs falls back to tsx when this bundle is missing or stale).
try {
  const { buildCli } = await import("../clients/cli/build.mjs");
  await buildCli();
} catch (error) {
  console.log(`phasegate: the CLI bundle was not built (${error.message}); phasegate will compile through tsx`);
}
