// What the benchmarks share: percentiles, the timed run loop, the machine line and the raw results file, so every
// result says the same things the same way (docs/BENCHMARKS.md quotes them).
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

/** The p-th percentile (0..100) by nearest rank; the median is percentile(xs, 50). */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (xs: readonly number[]) => percentile(xs, 50);

/** Runs `run` twice to warm up, then `samples` times; the durations in ms, in the order taken. */
export async function timeIt(samples: number, run: () => Promise<void>, warmUps = 2): Promise<number[]> {
  for (let i = 0; i < warmUps; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

/** The machine and its load when the run ended (the VM is shared: say the load beside every number). */
export function machine() {
  return {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Writes bench/results/<name>-<time>.json with the machine beside the result; returns its path. */
export function writeResult(name: string, result: Record<string, unknown>): string {
  const at = new Date().toISOString();
  const folder = path.join("bench", "results");
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}-${at.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify({ machine: machine(), at, ...result }, null, 2));
  console.log(`raw results: ${file} (load average ${os.loadavg()[0]!.toFixed(1)})`);
  return file;
}
