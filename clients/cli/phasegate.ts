// phasegate: the rollout from a terminal or a script. Talks to a running Phasegate over its HTTP API with an API
// token (operate scope; admin to override a gate). One line per answer; --json prints the server's JSON instead.
// Exit codes: 0 done, 1 refused (a gate, a conflict, bad input), 2 usage, 3 unreachable or not authorised.
import http from "node:http";
import https from "node:https";
import { parseArgs } from "node:util";
import { runScan } from "./scan-command";

const USAGE = `usage: phasegate [--json] <command>
  status                               where the rollout is, time in phase, gates
  start [--reason TEXT]                apply phase 1
  advance [--override] [--reason TEXT] advance one phase (--override needs an admin token and a reason)
  rollback --reason TEXT               back one phase, restoring its whole flag state
  emergency --reason TEXT              phase 1 with the emergency flags forced off (safe to repeat)
  freeze --reason TEXT                 refuse advancing until unfrozen (changes no flag)
  unfreeze --reason TEXT               end a freeze, yours or the guard's after an automatic rollback
  flags                                every flag's value
  flags set KEY VALUE --reason TEXT    VALUE is on, off or a percentage 0-100
  scan PATH [--strict] [--format F] [--post]  the plan's pre-integration check on an Elixir project (offline)
environment: PHASEGATE_URL (e.g. http://127.0.0.1:3000), PHASEGATE_TOKEN (an API token)`;

export const EXIT = { done: 0, refused: 1, usage: 2, unreachable: 3 } as const;

class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
type Overview = {
  state: { currentPhase: number | null; status: string; version: number; enteredAt: string | null };
  serverNow: string;
  phases: { number: number; name: string; monitorForMinutes: number | null }[];
  gates: { name: string; status: string; reason: string }[];
  drift: { key: string }[];
};
type Flag = { key: string; value: string | number; version: number };

function client(env: NodeJS.ProcessEnv) {
  const base = env.PHASEGATE_URL;
  const token = env.PHASEGATE_TOKEN;
  if (!base) throw new Exit(EXIT.usage, "PHASEGATE_URL is not set (e.g. http://127.0.0.1:3000)");
  if (!token) throw new Exit(EXIT.usage, "PHASEGATE_TOKEN is not set (create an API token under Settings)");
  return async function call<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    let response: { status: number; text: string };
    try {
      response = await request(method, new URL(path, base), token, body);
    } catch (error) {
      const cause = (error as { code?: string }).code ?? (error as Error).message;
      throw new Exit(EXIT.unreachable, `cannot reach Phasegate at ${base} (${cause})`);
    }
    const { text } = response;
    let data: Json = {};
    try {
      data = text ? (JSON.parse(text) as Json) : {};
    } catch {
      // not JSON: described by the status below
    }
    const ok = response.status >= 200 && response.status < 300;
    if (ok) return data as T;
    const detail = typeof data.detail === "string" ? data.detail : `HTTP ${response.status}`;
    if (response.status === 401 || response.status === 403)
      throw new Exit(EXIT.unreachable, `not authorised: ${detail}`);
    if (response.status >= 500) throw new Exit(EXIT.unreachable, `Phasegate failed: ${detail}`);
    throw new Exit(EXIT.refused, `refused: ${detail}`);
  };
}

/**
 * One HTTP request with node:http(s) rather than fetch: loading fetch's implementation (undici) costs a fresh process
 * about 0.1 s, a third of this command's whole start-up (bench/cli-startup.ts).
 */
function request(method: string, url: URL, token: string, body: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const send = url.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        timeout: 15_000,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out after 15 s"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(payload);
  });
}

function describeStatus(o: Overview): string {
  const phase = o.phases.find((p) => p.number === o.state.currentPhase);
  if (!phase) return `not started; ${o.phases.length} phases planned`;
  const minutes = o.state.enteredAt
    ? Math.floor((Date.parse(o.serverNow) - Date.parse(o.state.enteredAt)) / 60_000)
    : 0;
  const gates = o.gates.map((g) => `${g.name} ${g.status}`).join(", ");
  return [
    `phase ${phase.number} of ${o.phases.length} (${phase.name}), ${o.state.status.replace("_", " ")}`,
    `${minutes} min in phase${phase.monitorForMinutes === null ? "" : ` of ${phase.monitorForMinutes}`}`,
    gates ? `gates: ${gates}` : "",
    o.drift.length ? `${o.drift.length} flag(s) drifted` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

function parseValue(raw: string): string | number {
  if (raw === "on" || raw === "off") return raw;
  if (/^\d{1,3}$/.test(raw) && Number(raw) <= 100) return Number(raw);
  throw new Exit(EXIT.usage, `VALUE must be on, off or a percentage 0-100, not "${raw}"`);
}

/** `err` set: `out` is a report for stdout whatever the code, and `err` goes to stderr (phasegate scan). */
export async function run(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err?: string }> {
  const scanAt = argv.indexOf("scan"); // `phasegate [--json] scan PATH ...`: the scan parses its own options
  if (scanAt !== -1 && argv.slice(0, scanAt).every((arg) => arg.startsWith("--")))
    return runScan([...argv.slice(scanAt + 1), ...argv.slice(0, scanAt)], () => {
      const call = client(env);
      return (path, body) => call("POST", path, body);
    });
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        override: { type: "boolean", default: false },
        reason: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return { code: EXIT.usage, out: `phasegate: ${(error as Error).message}` };
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) return { code: command ? EXIT.done : EXIT.usage, out: USAGE };
  const reason = values.reason?.trim();
  const needReason = (what: string) => {
    if (!reason) throw new Exit(EXIT.usage, `${what} needs --reason "why" (it goes into the audit trail)`);
    return reason;
  };
  const print = (line: string, data: unknown) => (values.json ? JSON.stringify(data) : line);
  try {
    const call = client(env);
    const transition = async (action: string, body: Json) => {
      const result = await call<{ message: string }>("POST", `/api/v1/rollout/${action}`, body);
      return { code: EXIT.done, out: print(result.message, result) };
    };
    switch (command) {
      case "status": {
        const overview = await call<Overview>("GET", "/api/v1/rollout");
        return { code: EXIT.done, out: print(describeStatus(overview), overview) };
      }
      case "start":
      case "advance": {
        if (values.override && command === "advance") needReason("advance --override");
        const { state } = await call<Overview>("GET", "/api/v1/rollout");
        return await transition(command, {
          expectedVersion: state.version,
          from: state.currentPhase,
          reason: reason ?? `${command} from the phasegate CLI`,
          ...(command === "advance" ? { override: values.override } : {}),
        });
      }
      case "rollback": {
        const why = needReason("rollback");
        const { state } = await call<Overview>("GET", "/api/v1/rollout");
        return await transition("rollback", { expectedVersion: state.version, from: state.currentPhase, reason: why });
      }
      case "emergency":
        return await transition("emergency", { reason: needReason("emergency") });
      case "freeze":
      case "unfreeze":
        return await transition(command, { reason: needReason(command) });
      case "flags": {
        if (rest.length === 0) {
          const { flags } = await call<{ flags: Flag[] }>("GET", "/api/v1/flags");
          const line = flags.map((f) => `${f.key}=${typeof f.value === "number" ? `${f.value}%` : f.value}`).join(" ");
          return { code: EXIT.done, out: print(line, flags) };
        }
        const [sub, key, raw] = rest;
        if (sub !== "set" || !key || raw === undefined || rest.length !== 3)
          throw new Exit(EXIT.usage, "usage: phasegate flags set KEY VALUE --reason TEXT");
        const value = parseValue(raw);
        const flag = await call<Flag>("PATCH", `/api/v1/flags/${encodeURIComponent(key)}`, {
          value,
          reason: needReason("flags set"),
        });
        return { code: EXIT.done, out: print(`${flag.key} is now ${flag.value} (version ${flag.version})`, flag) };
      }
      default:
        throw new Exit(EXIT.usage, `unknown command "${command}"; try phasegate --help`);
    }
  } catch (error) {
    if (error instanceof Exit)
      return {
        code: error.code,
        out: values.json ? JSON.stringify({ error: error.message }) : `phasegate: ${error.message}`,
      };
    return { code: EXIT.unreachable, out: `phasegate: ${(error as Error).message}` };
  }
}
