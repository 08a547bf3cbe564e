// The plan's regexes (scripts/pre_integration_check.exs) with Elixir's semantics. Elixir compiles ~r/.../ without
// the `u` modifier, so PCRE matches BYTES with Erlang's Latin-1 character tables; the scanner therefore decodes every
// file as latin1 (one character per byte) and spells the classes out as measured with real Elixir 1.14:
//   \s matches \t \n \v \f \r and space only (JavaScript's \s also takes NBSP, U+2028, BOM, ...);
//   \w matches [0-9A-Za-z_] plus the Latin-1 letters 0xAA 0xB5 0xBA 0xC0-0xD6 0xD8-0xF6 0xF8-0xFF;
//   .  matches any byte except \n (JavaScript's . also stops at \r, U+2028 and U+2029).
// The unit test pins these classes; the parity test compares with the plan's script run by real Elixir.

const S = "[\\t\\n\\x0B\\f\\r ]";
const W = "[0-9A-Za-z_\\xAA\\xB5\\xBA\\xC0-\\xD6\\xD8-\\xF6\\xF8-\\xFF]";
const DOT = "[^\\n]";

const pcre = (source: string) => new RegExp(source, "g");

export type PlanPattern = { rule: string; name: string; regex: RegExp; plan: string };

/** check_banned_primitives, in the plan's order; `name` is the plan's name in its message. */
export const BANNED_PRIMITIVES: PlanPattern[] = [
  { rule: "process_spawn", name: "Process.spawn", regex: pcre("Process\\.spawn"), plan: "~r/Process\\.spawn/" },
  { rule: "raw_spawn", name: "Raw spawn", regex: pcre("spawn\\("), plan: "~r/spawn\\(/" },
  { rule: "process_put", name: "Process.put", regex: pcre("Process\\.put"), plan: "~r/Process\\.put/" },
  { rule: "process_get", name: "Process.get", regex: pcre("Process\\.get"), plan: "~r/Process\\.get/" },
];

export const MONITOR = pcre("Process\\.monitor");
export const DEMONITOR = pcre("Process\\.demonitor");

export const TEST_SLEEP: PlanPattern = {
  rule: "test_sleep",
  name: "Process.sleep",
  regex: pcre("Process\\.sleep"),
  plan: "~r/Process\\.sleep/",
};
export const TELEMETRY_SYNC: PlanPattern = {
  rule: "telemetry_sync",
  name: "Telemetry sync",
  regex: pcre(`assert_receive${DOT}*telemetry`),
  plan: "~r/assert_receive.*telemetry/",
};

/** check_error_handling's dangerous_patterns, in the plan's order. */
export const DANGEROUS_ERROR_HANDLING: PlanPattern[] = [
  { rule: "rescue_underscore", name: "rescue _", regex: pcre(`rescue${S}+_`), plan: "~r/rescue\\s+_/" },
  {
    rule: "rescue_exception",
    name: "rescue exception ->",
    regex: pcre(`rescue${S}+exception${S}*->`),
    plan: "~r/rescue\\s+exception\\s*->/",
  },
  { rule: "catch_all", name: "catch _, _", regex: pcre(`catch${S}+_,${S}+_`), plan: "~r/catch\\s+_,\\s+_/" },
];

export const ERROR_TUPLE: PlanPattern = {
  rule: "simple_error_tuple",
  name: "{:error, :atom}",
  regex: pcre(`\\{:error,${S}*:${W}+\\}`),
  plan: "~r/\\{:error,\\s*:[\\w_]+\\}/",
};

/** The checklist's verify_no_unsupervised_processes greps for the fixed string "spawn(". */
export const GREP_SPAWN = pcre("spawn\\(");

export const PERSISTENT_AGENT_USE = "use JidoSystem.Agents.PersistentFoundationAgent";

export const DEFAULT_CRITICAL_AGENTS = [
  "lib/jido_system/agents/task_agent.ex",
  "lib/jido_system/agents/coordinator_agent.ex",
  "lib/jido_system/agents/monitor_agent.ex",
] as const;

/** Regex.match?: any match (a fresh lastIndex, since the regexes are global). */
export function matches(regex: RegExp, text: string): boolean {
  regex.lastIndex = 0;
  const found = regex.test(text);
  regex.lastIndex = 0;
  return found;
}

/** length(Regex.scan(regex, text)): non-overlapping matches. */
export function countMatches(regex: RegExp, text: string): number {
  let count = 0;
  for (const _ of text.matchAll(regex)) count++;
  return count;
}
