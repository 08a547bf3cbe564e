// Child processes the benchmarks start (app instances, the bare server) and stop again, by their own pid.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export type Started = { child: ChildProcess; output: () => string; stop(): Promise<void> };

export function startProcess(args: string[], env: Record<string, string>, cwd = process.cwd()): Started {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

/** Starts scripts/start.ts (the real server: Next plus the lean path) and waits until it answers. */
export async function startApp(options: { port: number; databaseUrl: string; cwd?: string }): Promise<Started> {
  // Exactly what `npm start` runs (the server-only resolution hook, where the checkout has it).
  const hook = "./scripts/lib/allow-server-only.mjs";
  const preload = existsSync(path.join(options.cwd ?? process.cwd(), hook)) ? ["--import", hook] : [];
  const app = startProcess(
    [...preload, "--import", "tsx", "scripts/start.ts"],
    {
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
    },
    options.cwd,
  );
  await waitForHttp(`http://127.0.0.1:${options.port}/api/v1/health`, app, 240_000);
  return app;
}

export async function waitForHttp(url: string, started: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null)
      throw new Error(`process exited (${started.child.exitCode}):\n${started.output()}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
