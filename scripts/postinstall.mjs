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
process.exit(result.status ?? 1);
