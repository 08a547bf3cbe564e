// A real Phasegate started the way `npm start` does (building first when the sources changed), on the test file's
// own database and a free port, plus a raw HTTP/1.1 client for requests fetch() refuses to send.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort } from "../../../lib/db/testing/test-database";
import { waitFor } from "../../../lib/testing/wait-for";

export type StartedServer = { port: number; output: () => string; stop(): Promise<void> };

export async function startPhasegate(env: Record<string, string> = {}): Promise<StartedServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "./scripts/lib/allow-server-only.mjs", "--import", "tsx", "scripts/start.ts"],
    { env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1", ...env } },
  );
  let output = "";
  let exited = false;
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  child.on("exit", () => (exited = true));
  const outcome = await waitFor(
    "Phasegate to serve",
    () => (exited ? "exited" : output.includes("phasegate: serving") && "serving"),
    { timeoutMs: 540_000, everyMs: 50 },
  );
  if (outcome === "exited") throw new Error(`npm start exited:\n${output}`);
  return {
    port,
    output: () => output,
    stop: async () => {
      if (exited) return;
      child.kill("SIGTERM");
      await waitFor("Phasegate to stop", () => exited, { timeoutMs: 20_000 });
    },
  };
}

export type RawResponse = { status: number; headers: Record<string, string>; body: string };

/** Sends bytes as they are and reads the answer until the server closes the connection. */
export function rawRequest(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks).toString("utf8")));
      } catch (error) {
        reject(error);
      }
    });
    // write, not end: a half-closed connection makes Node drop a response that is still being prepared.
    socket.write(request);
  });
}

/** A request with Connection: close, so the answer ends with the connection. */
export function httpRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = "",
) {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, "Connection: close"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return rawRequest(port, `${lines.join("\r\n")}\r\n\r\n${body}`);
}

function parseResponse(text: string): RawResponse {
  const end = text.indexOf("\r\n\r\n");
  if (end === -1) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...headerLines] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(end + 4);
  if (headers["transfer-encoding"] === "chunked") body = unchunk(body);
  return { status: Number(statusLine!.split(" ")[1]), headers, body };
}

function unchunk(text: string): string {
  let out = "";
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
