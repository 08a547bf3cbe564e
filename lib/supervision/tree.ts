// What the page shows about a tree, computed from the stored columns: stable paths, the diff against the previous
// snapshot, the heaviest message queues, and each supervisor's headroom. Pure.
import type { ProcessColumns } from "./snapshot-input";

const MAX_LISTED = 200;

/** A process's place in the tree by child ids ("app_sup/pool_sup/worker_3"): stable across restarts, unlike pids. */
export function pathsOf(c: ProcessColumns): string[] {
  const paths = new Array<string>(c.pid.length);
  const resolve = (i: number): string => {
    if (paths[i] !== undefined) return paths[i]!;
    const parent = c.parent[i]!;
    return (paths[i] = parent === -1 ? c.id[i]! : `${resolve(parent)}/${c.id[i]}`);
  };
  for (let i = 0; i < c.pid.length; i++) resolve(i);
  return paths;
}

export type TreeDiff = {
  added: string[];
  removed: string[];
  /** Same place in the tree, another pid: restarted between the two snapshots. */
  restarted: string[];
  counts: { added: number; removed: number; restarted: number };
  /** False for a node's first snapshot. */
  hasPrevious: boolean;
};

export type PathPids = { paths: string[]; pids: string[] };

export function diffTrees(previous: PathPids | undefined, current: PathPids): TreeDiff {
  const diff: TreeDiff = {
    added: [],
    removed: [],
    restarted: [],
    counts: { added: 0, removed: 0, restarted: 0 },
    hasPrevious: previous !== undefined,
  };
  if (!previous) return diff;
  const before = new Map<string, string>();
  for (let i = 0; i < previous.paths.length; i++) before.set(previous.paths[i]!, previous.pids[i]!);
  const note = (kind: "added" | "removed" | "restarted", path: string) => {
    diff.counts[kind] += 1;
    if (diff[kind].length < MAX_LISTED) diff[kind].push(path);
  };
  const seen = new Set<string>();
  for (let i = 0; i < current.paths.length; i++) {
    const path = current.paths[i]!;
    seen.add(path);
    const pid = before.get(path);
    if (pid === undefined) note("added", path);
    else if (pid !== current.pids[i]) note("restarted", path);
  }
  for (const path of before.keys()) if (!seen.has(path)) note("removed", path);
  return diff;
}

/** Indexes of the processes with the longest message queues, longest first. */
export function heaviestQueues(c: ProcessColumns, limit = 10): number[] {
  const withQueue: number[] = [];
  for (let i = 0; i < c.pid.length; i++) if ((c.queue[i] ?? 0) > 0) withQueue.push(i);
  return withQueue.sort((a, b) => (c.queue[b] ?? 0) - (c.queue[a] ?? 0)).slice(0, limit);
}

/** How restart events name a supervisor: its registered name, else its pid. */
export function supervisorKey(c: ProcessColumns, i: number): string {
  return c.name[i] ?? c.pid[i]!;
}

export type RestartAt = { supervisor: string; at: Date };

export type Headroom = {
  supervisor: string;
  intensity: number;
  period: number;
  /** Restarts within the last `period` seconds. One more than `intensity` and the supervisor gives up. */
  inPeriod: number;
  /** Restarts left before it gives up and escalates to its own supervisor (0: the next one does it). */
  left: number;
  level: "ok" | "warning" | "critical";
};

/** A supervisor gives up when more than MaxR (intensity) restarts happen within MaxT (period) seconds. */
export function headroomOf(intensity: number, period: number, restartTimes: readonly number[], now: number) {
  const since = now - period * 1000;
  const inPeriod = restartTimes.filter((t) => t > since && t <= now).length;
  const left = Math.max(0, intensity - inPeriod);
  const level: Headroom["level"] = left === 0 ? "critical" : inPeriod > 0 && left <= intensity / 2 ? "warning" : "ok";
  return { inPeriod, left, level };
}

export function headrooms(c: ProcessColumns, restarts: readonly RestartAt[], now: Date): Headroom[] {
  const times = new Map<string, number[]>();
  for (const r of restarts) {
    let list = times.get(r.supervisor);
    if (!list) times.set(r.supervisor, (list = []));
    list.push(r.at.getTime());
  }
  const result: Headroom[] = [];
  for (let i = 0; i < c.pid.length; i++) {
    if (!c.supervisor[i]) continue;
    const key = supervisorKey(c, i);
    const list = times.get(key);
    if (!list) continue;
    const intensity = c.intensity[i]!;
    const period = c.period[i]!;
    result.push({ supervisor: key, intensity, period, ...headroomOf(intensity, period, list, now.getTime()) });
  }
  return result;
}

export type RestartSeries = { minutes: string[]; supervisors: string[]; counts: Record<string, number>[] };

/** Restarts per minute for the busiest supervisors over the last `minutes` minutes, for a stacked chart. */
export function restartSeries(restarts: readonly RestartAt[], now: Date, minutes = 60, top = 6): RestartSeries {
  const end = Math.floor(now.getTime() / 60_000);
  const start = end - minutes + 1;
  const totals = new Map<string, number>();
  for (const r of restarts) {
    const minute = Math.floor(r.at.getTime() / 60_000);
    if (minute >= start && minute <= end) totals.set(r.supervisor, (totals.get(r.supervisor) ?? 0) + 1);
  }
  const supervisors = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name]) => name);
  const counts = Array.from({ length: minutes }, () => Object.fromEntries(supervisors.map((s) => [s, 0])));
  for (const r of restarts) {
    const slot = Math.floor(r.at.getTime() / 60_000) - start;
    if (slot >= 0 && slot < minutes && supervisors.includes(r.supervisor)) counts[slot]![r.supervisor]! += 1;
  }
  const labels = Array.from({ length: minutes }, (_, k) => new Date((start + k) * 60_000).toISOString());
  return { minutes: labels, supervisors, counts };
}
