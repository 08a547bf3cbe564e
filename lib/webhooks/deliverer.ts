// The webhook deliverer: every instance runs one, the leader (lib/background/leader.ts) sends. A tick drains what
// is due in batches, so a burst of events does not wait one interval per batch.
import "server-only";
import { startLeader, type Leader, type Schedule } from "../background/leader";
import { deliverDueWebhooks, type DeliveryOptions } from "./delivery-service";

export const WEBHOOK_LOCK_KEY = "phasegate:webhook-deliverer";
const BATCH_SIZE = 16;
const MAX_BATCHES_PER_TICK = 20;

export type DelivererOptions = {
  connectionString: string;
  intervalMs?: number;
  schedule?: Schedule;
  delivery?: DeliveryOptions;
  log?: (message: string) => void;
};

export function startWebhookDeliverer(options: DelivererOptions): Leader {
  return startLeader({
    connectionString: options.connectionString,
    lockKey: WEBHOOK_LOCK_KEY,
    intervalMs: options.intervalMs ?? 1_000,
    schedule: options.schedule,
    log: options.log,
    tick: async (stopping) => {
      for (let batch = 0; batch < MAX_BATCHES_PER_TICK && !stopping.aborted; batch++) {
        const sent = await deliverDueWebhooks({ batchSize: BATCH_SIZE, ...options.delivery });
        if (sent < (options.delivery?.batchSize ?? BATCH_SIZE)) break;
      }
    },
  });
}
