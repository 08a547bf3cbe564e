#!/usr/bin/env node
// The `phasegate` bin. Runs the bundle built at install (clients/cli/build.mjs: plain JavaScript, starts fast);
// when it is missing or older than the sources (a checkout without `npm install`, or an edit since), compiles the
// TypeScript through tsx instead, which is correct but takes seconds.
import { statSync } from "node:fs";

const here = new URL("./", import.meta.url);
const mtime = (name) => {
  try {
    return statSync(new URL(name, here)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundle = mtime("dist/phasegate.mjs");
if (bundle >= mtime("phasegate.ts") && bundle >= mtime("main.ts")) {
  await import("./dist/phasegate.mjs");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./main.ts");
}
