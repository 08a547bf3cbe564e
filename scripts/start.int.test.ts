// `npm start`'s bad-input contract: one clear line on stderr, a non-zero exit, no stack trace.
import { spawn } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../lib/db/testing/test-database";

function start(
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "./scripts/lib/allow-server-only.mjs", "--import", "tsx", "scripts/start.ts"],
      {
        env: { ...process.env, DATABASE_URL: undefined, PHASEGATE_EMBEDDED_PG_PORT: undefined, ...env },
      },
    );
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("exit", (code) => resolve({ code, stderr, stdout }));
  });
}

function expectOneClearLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^phasegate: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe("npm start refuses bad configuration clearly", () => {
  it("a malformed DATABASE_URL", async () => {
    const result = await start({ DATABASE_URL: "not a url", PORT: String(await freePort()) });
    expect(result.code).not.toBe(0);
    expectOneClearLine(result.stderr, /DATABASE_URL is not a valid URL/);
  });

  it("a DATABASE_URL of another kind of database", async () => {
    const result = await start({ DATABASE_URL: "mysql://root@127.0.0.1/x", PORT: String(await freePort()) });
    expect(result.code).not.toBe(0);
    expectOneClearLine(result.stderr, /must start with postgresql:\/\//);
  });

  it("an unreachable database", async () => {
    const result = await start({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/phasegate",
      PORT: String(await freePort()),
    });
    expect(result.code).not.toBe(0);
    expectOneClearLine(result.stderr, /cannot reach PostgreSQL at 127\.0\.0\.1:1 .*connection refused/);
    expect(result.stderr).not.toContain("****@"); // no password in this URL, and none invented
  });

  it("a port that is already in use", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await start({ PORT: String(port), HOST: "127.0.0.1" });
      expect(result.code).not.toBe(0);
      expectOneClearLine(result.stderr, new RegExp(`port ${port} is already in use.*PORT=`));
    } finally {
      blocker.close();
    }
  });

  it("a PORT that is not a port", async () => {
    const result = await start({ PORT: "eighty" });
    expect(result.code).not.toBe(0);
    expectOneClearLine(result.stderr, /PORT must be a number from 1 to 65535/);
  });

  it("a data folder that cannot be written", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "phasegate-nodata-"));
    const notAFolder = path.join(folder, "file");
    writeFileSync(notAFolder, "");
    const result = await start({ PHASEGATE_DATA_DIR: path.join(notAFolder, "data"), PORT: String(await freePort()) });
    expect(result.code).not.toBe(0);
    expectOneClearLine(result.stderr, /data folder .* cannot be created or written \(ENOTDIR\)/);
  });
});
