// Probes this machine for what `npm test` needs and installs what is missing from Debian when it may (root or
// passwordless sudo); otherwise stops with one line naming the command. The decision itself is in system-packages.ts.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fail, info } from "./console";
import { planInstall, requirementsFor, type RequirementName, type TestStep } from "./system-packages";

function onPath(command: string): boolean {
  if (command.includes("/")) return existsSync(command);
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

/** Where each requirement is looked for; the overrides are the ones playwright.config.ts and erl-oracle.ts honour. */
function isPresent(name: RequirementName): boolean {
  switch (name) {
    case "chromium":
      return existsSync(process.env.PHASEGATE_CHROMIUM ?? "/usr/bin/chromium");
    case "erl":
      return onPath(process.env.ERL ?? "erl");
    case "httpc":
      return hasErlangApp("inets");
    case "elixir":
      return onPath("elixir");
    case "mix":
      return onPath("mix");
  }
}

/** Debian splits OTP's applications into packages; an application is there when its lib directory is. */
function hasErlangApp(app: string): boolean {
  const lib = "/usr/lib/erlang/lib";
  return existsSync(lib) && readdirSync(lib).some((dir) => dir.startsWith(`${app}-`));
}

export function ensureSystemPackages(steps: readonly TestStep[]): void {
  const missing = () => requirementsFor(steps).filter((name) => !isPresent(name));
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  const plan = planInstall({
    missing: missing(),
    isRoot,
    hasApt,
    passwordlessSudo: !isRoot && hasApt && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0,
  });
  if (plan.action === "none") return;
  if (plan.action === "stop") fail(plan.message);
  info(plan.announce);
  for (const [command = "", ...args] of plan.commands) {
    const result = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
      if (output) console.error(output);
      fail(`${[command, ...args].join(" ")} failed (${result.error?.message ?? `exit ${result.status}`})`);
    }
  }
  const still = missing();
  if (still.length) fail(`installed ${plan.packages.join(", ")}, but ${still.join(", ")} is still not found`);
}
