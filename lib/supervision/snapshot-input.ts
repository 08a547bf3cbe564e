// Checks a supervision snapshot as a reporter sends it and turns it into the stored, columnar shape. Pure and
// hand-written rather than zod: a snapshot may hold 200,000 processes, and the tree rules (parents present, no
// cycles, depth) need a pass of their own anyway. Every problem names its field ("body.processes.3.pid").
import { AppError, type InvalidParam } from "../http/errors";

export const MAX_PROCESSES = 200_000;
export const MAX_DEPTH = 64;
const MAX_TEXT = 255;
const MAX_REPORTED_PROBLEMS = 20;
// A reporter's clock may run a little ahead; more than this is a broken clock, not a snapshot.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export const STRATEGIES = ["one_for_one", "one_for_all", "rest_for_one", "simple_one_for_one"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The stored tree: one array per field, index i is process i; `parent` is an index, -1 for a root. */
export type ProcessColumns = {
  pid: string[];
  parent: number[];
  id: string[];
  name: (string | null)[];
  module: (string | null)[];
  supervisor: boolean[];
  strategy: (Strategy | null)[];
  intensity: (number | null)[];
  period: (number | null)[];
  children: number[];
  restarts: number[];
  queue: (number | null)[];
  memory: (number | null)[];
  reductions: (number | null)[];
};

export type SnapshotInput = { node: string; takenAt: Date; durationMs: number; processes: ProcessColumns };

const TOP_FIELDS = new Set(["node", "takenAt", "durationMs", "processes"]);
const PROCESS_FIELDS = new Set([
  "pid",
  "parent",
  "id",
  "name",
  "module",
  "type",
  "strategy",
  "intensity",
  "period",
  "children",
  "restarts",
  "messageQueueLen",
  "memory",
  "reductions",
]);
const PID = /^<\d+\.\d+\.\d+>$/;

class Problems {
  readonly list: InvalidParam[] = [];
  add(name: string, reason: string) {
    if (this.list.length < MAX_REPORTED_PROBLEMS) this.list.push({ name, reason });
  }
  get full() {
    return this.list.length >= MAX_REPORTED_PROBLEMS;
  }
  throwIfAny() {
    if (this.list.length === 0) return;
    const first = this.list[0]!;
    const more = this.list.length > 1 ? ` (and ${this.list.length - 1} more, see invalid_params)` : "";
    throw new AppError("validation_failed", `${first.name}: ${first.reason}${more}. Nothing was stored.`, {
      invalidParams: this.list,
    });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
const isText = (value: unknown): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= MAX_TEXT;

export function parseSnapshot(body: unknown, now: Date): SnapshotInput {
  const problems = new Problems();
  if (!isObject(body)) {
    problems.add("body", "must be a JSON object with node, takenAt, durationMs and processes");
    problems.throwIfAny();
  }
  const top = body as Record<string, unknown>;
  for (const key of Object.keys(top)) if (!TOP_FIELDS.has(key)) problems.add(`body.${key}`, "unknown field");
  if (!isText(top.node)) problems.add("body.node", "must be the Erlang node name, 1 to 255 characters");
  const takenAt = typeof top.takenAt === "string" ? new Date(top.takenAt) : undefined;
  if (!takenAt || Number.isNaN(takenAt.getTime())) problems.add("body.takenAt", "must be an ISO 8601 time");
  else if (takenAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    problems.add("body.takenAt", "is in the future; check the node's clock");
  if (!isCount(top.durationMs)) problems.add("body.durationMs", "must be a non-negative integer (milliseconds)");
  const list = top.processes;
  if (!Array.isArray(list)) {
    problems.add("body.processes", "must be an array of processes");
    problems.throwIfAny();
  }
  const items = list as unknown[];
  if (items.length > MAX_PROCESSES) {
    throw new AppError(
      "payload_too_large",
      `body.processes holds ${items.length} processes; at most ${MAX_PROCESSES} are accepted. Nothing was stored.`,
      { invalidParams: [{ name: "body.processes", reason: `more than ${MAX_PROCESSES} processes` }] },
    );
  }
  const columns = readProcesses(items, problems);
  problems.throwIfAny();
  checkTree(columns, problems);
  problems.throwIfAny();
  return { node: top.node as string, takenAt: takenAt!, durationMs: top.durationMs as number, processes: columns };
}

function emptyColumns(): ProcessColumns {
  return {
    pid: [],
    parent: [],
    id: [],
    name: [],
    module: [],
    supervisor: [],
    strategy: [],
    intensity: [],
    period: [],
    children: [],
    restarts: [],
    queue: [],
    memory: [],
    reductions: [],
  };
}

function readProcesses(items: unknown[], problems: Problems): ProcessColumns {
  const c = emptyColumns();
  const indexOfPid = new Map<string, number>();
  const parentPids: (string | null)[] = [];
  for (let i = 0; i < items.length && !problems.full; i++) {
    const at = `body.processes.${i}`;
    const p = items[i];
    if (!isObject(p)) {
      problems.add(at, "must be an object");
      continue;
    }
    for (const key in p) if (!PROCESS_FIELDS.has(key)) problems.add(`${at}.${key}`, "unknown field");
    const pid = p.pid;
    if (typeof pid !== "string" || !PID.test(pid)) problems.add(`${at}.pid`, 'must be a pid like "<0.85.0>"');
    else if (indexOfPid.has(pid))
      problems.add(`${at}.pid`, `duplicate pid ${pid} (also processes.${indexOfPid.get(pid)})`);
    else indexOfPid.set(pid, i);
    if (p.parent !== null && (typeof p.parent !== "string" || !PID.test(p.parent)))
      problems.add(`${at}.parent`, "must be the supervisor's pid, or null for a root");
    if (!isText(p.id)) problems.add(`${at}.id`, "must be the child id as text, 1 to 255 characters");
    if (p.name !== null && !isText(p.name)) problems.add(`${at}.name`, "must be the registered name, or null");
    if (p.module !== null && !isText(p.module)) problems.add(`${at}.module`, "must be the module name, or null");
    const supervisor = p.type === "supervisor";
    if (!supervisor && p.type !== "worker") problems.add(`${at}.type`, 'must be "supervisor" or "worker"');
    if (supervisor) {
      if (!STRATEGIES.includes(p.strategy as Strategy))
        problems.add(`${at}.strategy`, `must be one of ${STRATEGIES.join(", ")}`);
      if (!isCount(p.intensity)) problems.add(`${at}.intensity`, "must be a non-negative integer (MaxR)");
      if (!isCount(p.period) || p.period === 0) problems.add(`${at}.period`, "must be a positive integer (seconds)");
    } else {
      for (const field of ["strategy", "intensity", "period"] as const)
        if (p[field] !== null && p[field] !== undefined) problems.add(`${at}.${field}`, "must be null for a worker");
    }
    if (!isCount(p.children)) problems.add(`${at}.children`, "must be a non-negative integer");
    if (!isCount(p.restarts)) problems.add(`${at}.restarts`, "must be a non-negative integer");
    for (const field of ["messageQueueLen", "memory", "reductions"] as const)
      if (p[field] !== null && !isCount(p[field]))
        problems.add(`${at}.${field}`, "must be a non-negative integer, or null when the process was gone");
    c.pid.push(pid as string);
    parentPids.push((p.parent as string | null) ?? null);
    c.id.push(p.id as string);
    c.name.push((p.name as string | null) ?? null);
    c.module.push((p.module as string | null) ?? null);
    c.supervisor.push(supervisor);
    c.strategy.push(supervisor ? (p.strategy as Strategy) : null);
    c.intensity.push(supervisor ? (p.intensity as number) : null);
    c.period.push(supervisor ? (p.period as number) : null);
    c.children.push(p.children as number);
    c.restarts.push(p.restarts as number);
    c.queue.push((p.messageQueueLen as number | null) ?? null);
    c.memory.push((p.memory as number | null) ?? null);
    c.reductions.push((p.reductions as number | null) ?? null);
  }
  if (problems.list.length) return c;
  for (let i = 0; i < parentPids.length; i++) {
    const parentPid = parentPids[i];
    if (parentPid === null) {
      c.parent.push(-1);
      continue;
    }
    const parent = indexOfPid.get(parentPid!);
    if (parent === undefined) problems.add(`body.processes.${i}.parent`, `names ${parentPid}, not in this snapshot`);
    else if (!c.supervisor[parent])
      problems.add(`body.processes.${i}.parent`, `names ${parentPid}, a worker; only supervisors have children`);
    c.parent.push(parent ?? -1);
  }
  return c;
}

/** Every chain of parents must end at a root within MAX_DEPTH steps; a chain that comes back is a cycle. */
function checkTree(c: ProcessColumns, problems: Problems) {
  const depth = new Int32Array(c.pid.length); // 0: not yet known
  for (let start = 0; start < c.pid.length && !problems.full; start++) {
    if (depth[start] !== 0) continue;
    const chain: number[] = [];
    const onChain = new Set<number>();
    let at = start;
    while (at !== -1 && depth[at] === 0) {
      if (onChain.has(at)) {
        problems.add(`body.processes.${at}.parent`, `cycle: ${c.pid[at]} is its own ancestor`);
        return;
      }
      onChain.add(at);
      chain.push(at);
      at = c.parent[at]!;
    }
    let d = at === -1 ? 0 : depth[at]!;
    for (let k = chain.length - 1; k >= 0; k--) {
      d += 1;
      depth[chain[k]!] = d;
      if (d > MAX_DEPTH) {
        problems.add(`body.processes.${chain[k]}.parent`, `${c.pid[chain[k]!]} is deeper than ${MAX_DEPTH} levels`);
        return;
      }
    }
  }
}
