// Who owns an embedded PostgreSQL data folder. Phasegate writes its own pid to phasegate.owner in the folder when
// its server is up; PostgreSQL writes postmaster.pid. After a kill -9 of Phasegate, the server keeps running with
// nobody to stop it: its owner is dead (or is no longer its parent). Linux-only details (/proc) degrade to "owned".
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const OWNER_FILE = "phasegate.owner";

export type FolderState =
  | { state: "free" }
  /** A live server whose Phasegate (or another live process) is still its parent: refuse. */
  | { state: "owned"; postmasterPid: number; ownerPid?: number }
  /** A live server whose Phasegate is gone: safe to stop. */
  | { state: "orphaned"; postmasterPid: number; ownerPid?: number };

type ProcessInfo = { alive: boolean; command?: string; parentPid?: number };

function processInfo(pid: number): ProcessInfo {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return { alive: false };
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ")".
    const [state, parentPid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (state === "Z" || state === "X") return { alive: false };
    return {
      alive: true,
      command: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
      parentPid: Number(parentPid),
    };
  } catch {
    return { alive: true }; // no /proc: all we know is that the pid exists
  }
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").trim().split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function inspectDataFolder(dataDir: string): FolderState {
  const postmasterPid = readPid(path.join(dataDir, "postmaster.pid"));
  if (!postmasterPid) return { state: "free" };
  const postmaster = processInfo(postmasterPid);
  // A stale postmaster.pid (PostgreSQL cleans it up itself), or its pid reused by an unrelated program.
  if (!postmaster.alive || (postmaster.command !== undefined && postmaster.command !== "postgres"))
    return { state: "free" };
  const ownerPid = readPid(path.join(dataDir, OWNER_FILE));
  if (ownerPid !== undefined) {
    const owner = processInfo(ownerPid);
    const ownerIsParent = postmaster.parentPid === undefined || postmaster.parentPid === ownerPid;
    return owner.alive && ownerIsParent
      ? { state: "owned", postmasterPid, ownerPid }
      : { state: "orphaned", postmasterPid, ownerPid };
  }
  // No owner file (a server started by hand, or by an older Phasegate): orphaned only when init adopted it.
  return postmaster.parentPid === 1 ? { state: "orphaned", postmasterPid } : { state: "owned", postmasterPid };
}

export function recordOwner(dataDir: string): void {
  writeFileSync(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
}

export function forgetOwner(dataDir: string): void {
  rmSync(path.join(dataDir, OWNER_FILE), { force: true });
}

/** Asks a server to shut down fast (SIGINT: roll back open transactions, checkpoint) and waits until it is gone. */
export async function stopOrphan(postmasterPid: number, timeoutMs = 30_000): Promise<boolean> {
  try {
    process.kill(postmasterPid, "SIGINT");
  } catch {
    return true;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processInfo(postmasterPid).alive) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
