// Runs wrk (HTTP load on loopback) with a POST body and reads its summary: requests/s and latency percentiles.
import { spawnSync } from "node:child_process";
import path from "node:path";

export type WrkResult = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  socketErrors: string | null;
};

export type WrkOptions = {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
};

const SCRIPT = path.join(import.meta.dirname, "..", "ofrep-post.lua");

export function runWrk(options: WrkOptions): WrkResult {
  const headers = Object.entries({ "content-type": "application/json", ...options.headers })
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");
  const result = spawnSync(
    "wrk",
    ["-t1", `-c${options.connections}`, `-d${options.seconds}s`, "--latency", "-s", SCRIPT, options.url],
    { encoding: "utf8", env: { ...process.env, WRK_BODY: options.body, WRK_HEADERS: headers } },
  );
  if (result.status !== 0) throw new Error(`wrk failed: ${result.stderr || result.stdout}`);
  return parseWrk(result.stdout);
}

function parseWrk(output: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+([\d.]+)(us|ms|s)\s*$/m.exec(output);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(output);
  if (!rps || !p50 || !p99) throw new Error(`cannot read wrk's output:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors:(.*)/.exec(output);
  return {
    requestsPerSecond: Number(rps[1]),
    p50Ms: toMs(p50[1]!, p50[2]!),
    p99Ms: toMs(p99[1]!, p99[2]!),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: socket ? socket[1]!.trim() : null,
  };
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === "us" ? n / 1000 : unit === "s" ? n * 1000 : n;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
