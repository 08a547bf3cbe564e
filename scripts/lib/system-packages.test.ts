import { describe, expect, it } from "vitest";
import { planInstall, requirementsFor } from "./system-packages";

describe("requirementsFor", () => {
  it("asks for Chromium only when journeys run, for erl when unit tests run, and the BEAM clients' needs", () => {
    expect(requirementsFor(["format", "lint", "typecheck"])).toEqual([]);
    expect(requirementsFor(["integration"])).toEqual(["erl", "httpc", "elixir", "mix"]);
    expect(requirementsFor(["e2e"])).toEqual(["chromium"]);
    expect(requirementsFor(["unit", "e2e"])).toEqual(["chromium", "erl"]);
  });
});

describe("planInstall", () => {
  const machine = { missing: [], isRoot: true, hasApt: true, passwordlessSudo: false } as const;

  it("does nothing when nothing is missing", () => {
    expect(planInstall(machine)).toEqual({ action: "none" });
  });

  it("installs with apt-get as root, announcing it in one line", () => {
    const plan = planInstall({ ...machine, missing: ["chromium", "erl"] });
    expect(plan).toMatchObject({ action: "install", packages: ["chromium", "erlang-base"] });
    if (plan.action !== "install") throw new Error("expected an install");
    expect(plan.announce).toContain("apt-get install -y chromium erlang-base");
    expect(plan.announce).not.toContain("\n");
    expect(plan.commands[0]).toEqual(["apt-get", "update", "-qq"]);
    expect(plan.commands[1]).toEqual([
      "env",
      "DEBIAN_FRONTEND=noninteractive",
      "apt-get",
      "install",
      "-y",
      "-qq",
      "chromium",
      "erlang-base",
    ]);
  });

  it("uses sudo -n when it is passwordless", () => {
    const plan = planInstall({ ...machine, isRoot: false, passwordlessSudo: true, missing: ["chromium"] });
    if (plan.action !== "install") throw new Error("expected an install");
    expect(plan.commands.every((command) => command[0] === "sudo" && command[1] === "-n")).toBe(true);
  });

  it("stops with the exact command when it may not install", () => {
    const plan = planInstall({ ...machine, isRoot: false, missing: ["chromium"] });
    expect(plan).toEqual({
      action: "stop",
      message: "missing chromium (journeys in a real browser); install them with: sudo apt-get install -y chromium",
    });
  });

  it("names the Debian command on machines without apt", () => {
    const plan = planInstall({ ...machine, hasApt: false, missing: ["erl"] });
    expect(plan.action).toBe("stop");
    if (plan.action !== "stop") throw new Error("expected a stop");
    expect(plan.message).toContain("(on Debian: apt-get install -y erlang-base)");
  });
});

describe("the Mix dependency test", () => {
  it("installs elixir once when both elixir and mix are missing (Debian's elixir package ships mix)", () => {
    const plan = planInstall({ missing: ["elixir", "mix"], isRoot: true, hasApt: true, passwordlessSudo: false });
    expect(plan).toMatchObject({ action: "install", packages: ["elixir"] });
  });
});
