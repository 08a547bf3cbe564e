// Bundles the phasegate CLI (TypeScript) into one ESM file under clients/cli/dist (gitignored), at postinstall.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

export const OUTFILE = fileURLToPath(new URL("./dist/phasegate.mjs", import.meta.url));

export async function buildCli() {
  await build({
    entryPoints: [fileURLToPath(new URL("./main.ts", import.meta.url))],
    outfile: OUTFILE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    legalComments: "none",
  });
}
