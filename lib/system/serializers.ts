export type HealthReport = {
  status: "ok" | "degraded";
  version: string;
  time: string;
  database: { reachable: boolean; latencyMs: number | null; error?: string };
  migrations: { current: boolean; applied: number; pending: string[] };
};
