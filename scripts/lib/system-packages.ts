// What `npm test` needs from the operating system, and what to do when some of it is missing. Pure: the caller
// probes the machine (files, PATH, root, apt, sudo) and runs the plan; later work adds rows to REQUIREMENTS.

export type TestStep = "format" | "lint" | "typecheck" | "unit" | "integration" | "e2e";

export type Requirement = {
  /** Debian package that provides it. */
  debianPackage: string;
  /** What it is for, in the one line we print. */
  purpose: string;
  /** Steps that cannot run without it. */
  steps: readonly TestStep[];
};

/** Executables `npm test` runs, keyed by what the caller probes for (a path or a command on PATH). */
export const REQUIREMENTS = {
  chromium: { debianPackage: "chromium", purpose: "journeys in a real browser", steps: ["e2e"] },
  erl: {
    debianPackage: "erlang-base",
    purpose: "erlang:phash2 parity tests and real BEAM nodes",
    steps: ["unit", "integration"],
  },
  // The Erlang clients' tests compile with erlc (erlang-base) and talk HTTP through OTP's httpc (erlang-inets).
  httpc: {
    debianPackage: "erlang-inets",
    purpose: "the Erlang reporter and flag client on a real node",
    steps: ["integration"],
  },
  elixir: { debianPackage: "elixir", purpose: "the reporter on an Elixir node", steps: ["integration"] },
  // Mix builds clients/erlang as a path dependency (its mix.exs), with erlc from erlang-base: no rebar3, no Hex, and
  // no erlang-dev (that package holds only C headers for NIFs and drivers, which the client has none of).
  mix: { debianPackage: "elixir", purpose: "the Erlang client as a Mix dependency", steps: ["integration"] },
} as const satisfies Record<string, Requirement>;

export type RequirementName = keyof typeof REQUIREMENTS;

export type Machine = {
  /** Requirements whose executable was not found. */
  missing: readonly RequirementName[];
  isRoot: boolean;
  hasApt: boolean;
  /** `sudo -n true` succeeded (only probed when not root). */
  passwordlessSudo: boolean;
};

export type InstallPlan =
  | { action: "none" }
  | { action: "install"; packages: string[]; announce: string; commands: string[][] }
  | { action: "stop"; message: string };

/** Requirements that the selected steps need. */
export function requirementsFor(steps: readonly TestStep[]): RequirementName[] {
  return (Object.keys(REQUIREMENTS) as RequirementName[]).filter((name) =>
    REQUIREMENTS[name].steps.some((step) => steps.includes(step)),
  );
}

export function planInstall(machine: Machine): InstallPlan {
  if (machine.missing.length === 0) return { action: "none" };
  const packages = [...new Set(machine.missing.map((name) => REQUIREMENTS[name].debianPackage))];
  const what = machine.missing.map((name) => `${name} (${REQUIREMENTS[name].purpose})`).join(", ");
  const purposes = machine.missing.map((name) => REQUIREMENTS[name].purpose).join(" and ");
  const canInstall = machine.hasApt && (machine.isRoot || machine.passwordlessSudo);
  const sudo = machine.isRoot ? [] : ["sudo", "-n"];
  if (canInstall) {
    return {
      action: "install",
      packages,
      announce: `installing ${packages.join(", ")} from Debian for ${purposes} (apt-get install -y ${packages.join(" ")})`,
      commands: [
        [...sudo, "apt-get", "update", "-qq"],
        [...sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", ...packages],
      ],
    };
  }
  const command = `${machine.isRoot ? "" : "sudo "}apt-get install -y ${packages.join(" ")}`;
  return {
    action: "stop",
    message: machine.hasApt
      ? `missing ${what}; install them with: ${command}`
      : `missing ${what}; install them with your package manager (on Debian: ${command})`,
  };
}
