// Interval reports for tests and benchmarks, in the ingest contract's shape.
export type ReportOptions = {
  node?: string;
  at: Date;
  intervalSeconds?: number;
  requests?: number;
  errors?: number;
  code?: string;
  sent?: number;
  delivered?: number;
  attempted?: number;
  succeeded?: number;
  responseMs?: number;
  restarts?: number;
};

export function intervalReport(o: ReportOptions) {
  const requests = o.requests ?? 1000;
  return {
    node: o.node ?? "coordinator@host1",
    intervalStart: o.at.toISOString(),
    intervalSeconds: o.intervalSeconds ?? 10,
    requests,
    errors: o.errors ? [{ category: "infrastructure", code: o.code ?? "database_timeout", count: o.errors }] : [],
    messages: { sent: o.sent ?? 500, delivered: o.delivered ?? o.sent ?? 500 },
    recoveries: { attempted: o.attempted ?? 20, succeeded: o.succeeded ?? o.attempted ?? 20 },
    responseTime: { sumMs: (o.responseMs ?? 40) * requests, count: requests },
    restarts: o.restarts ?? 0,
  };
}

/** Aligned to a 10-second boundary, `secondsAgo` before `now`. */
export function alignedAgo(now: Date, secondsAgo: number, step = 10): Date {
  const t = now.getTime() - secondsAgo * 1000;
  return new Date(Math.floor(t / (step * 1000)) * step * 1000);
}
