// A synthetic snapshot of any size, as a reporter would send it: one root supervisor, pools of workers under
// pool supervisors, and workers named worker_<pool>_<n>. For journeys and benchmarks.
export type WireProcess = Record<string, string | number | null>;

export function syntheticSnapshot(node: string, processCount: number, poolSize = 100) {
  const processes: WireProcess[] = [];
  const pid = (n: number) => `<0.${n + 100}.0>`;
  const sup = (n: number, parent: number | null, id: string, strategy: string, children: number): WireProcess => ({
    pid: pid(n),
    parent: parent === null ? null : pid(parent),
    id,
    name: id,
    module: "pool_sup",
    type: "supervisor",
    strategy,
    intensity: 5,
    period: 30,
    children,
    restarts: 0,
    messageQueueLen: 0,
    memory: 6_000,
    reductions: 300,
  });
  const pools = Math.max(1, Math.ceil((processCount - 1) / (poolSize + 1)));
  processes.push(sup(0, null, "root_sup", "one_for_one", pools));
  for (let p = 0; p < pools && processes.length < processCount; p++) {
    const poolIndex = processes.length;
    const pool = sup(poolIndex, 0, `pool_sup_${p}`, p % 2 ? "rest_for_one" : "one_for_one", 0);
    processes.push(pool);
    let children = 0;
    for (let w = 0; w < poolSize && processes.length < processCount; w++, children++) {
      processes.push({
        pid: pid(processes.length),
        parent: pid(poolIndex),
        id: `worker_${p}_${w}`,
        name: `worker_${p}_${w}`,
        module: w % 3 ? "session_worker" : "cache_worker",
        type: "worker",
        strategy: null,
        intensity: null,
        period: null,
        children: 0,
        restarts: 0,
        messageQueueLen: (p * 7 + w) % 50 === 0 ? (p * 131 + w) % 1000 : 0,
        memory: 2_800,
        reductions: 1_000 + w,
      });
    }
    pool.children = children;
  }
  return { node, takenAt: new Date().toISOString(), durationMs: 40, processes };
}
