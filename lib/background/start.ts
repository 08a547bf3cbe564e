// The background work every app instance runs beside its HTTP server; each piece does its work only where it
// holds its leader lock (./leader.ts). Started and stopped by scripts/lib/server.ts, once per process.
import "server-only";
import { serverEnv } from "../env";
import { processSingleton, releaseProcessSingleton } from "../process-singleton";
import { startGuard } from "../health/guard";
import { startWebhookDeliverer } from "../webhooks/deliverer";
import type { Leader } from "./leader";

const NAME = "backgroundWork";

export type BackgroundWork = { stop(): Promise<void> };

export function startBackgroundWork(): BackgroundWork {
  const leaders = processSingleton<Leader[]>(NAME, () => [
    startWebhookDeliverer({ connectionString: serverEnv().DATABASE_URL }),
    startGuard({ connectionString: serverEnv().DATABASE_URL }),
  ]);
  return {
    async stop() {
      if (releaseProcessSingleton(NAME) !== leaders) return;
      await Promise.all(leaders.map((leader) => leader.stop()));
    },
  };
}
