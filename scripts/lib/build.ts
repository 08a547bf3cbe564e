// `npm start` builds when there is no production build or the sources changed since the last one.
// The fingerprint is a hash of the files that go into the build, stored beside Next's own BUILD_ID.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "prisma/schema.prisma",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
const SKIP = /(^|\/)(node_modules|\.next|generated)(\/|$)|\.test\.tsx?$/;
const FINGERPRINT = path.join(".next", "phasegate-build.json");

function sourceFingerprint(root = process.cwd()): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full) || SKIP.test(relative)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(path.join(relative, entry));
      return;
    }
    hash.update(relative).update("\0").update(readFileSync(full)).update("\0");
  };
  INPUTS.forEach(visit);
  return hash.digest("hex");
}

function buildIsCurrent(root = process.cwd()): boolean {
  const file = path.join(root, FINGERPRINT);
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(file)) return false;
  try {
    return JSON.parse(readFileSync(file, "utf8")).fingerprint === sourceFingerprint(root);
  } catch {
    return false;
  }
}

/** Runs `next build` if needed; returns false when the build failed (its output has been shown). */
export function buildIfNeeded(log: (message: string) => void, root = process.cwd()): boolean {
  if (buildIsCurrent(root)) return true;
  log("building the dashboard (first start or sources changed; about 30 s)…");
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    },
  );
  if (result.status !== 0) return false;
  writeFileSync(
    path.join(root, FINGERPRINT),
    JSON.stringify({ fingerprint: sourceFingerprint(root), builtAt: new Date().toISOString() }),
  );
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}
