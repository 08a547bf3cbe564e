// The gates an advance must pass, in the order operators see them: soak time, health, readiness.
// What a gate needs from the database is read here, before a transition takes the rollout lock: a gate reading
// inside the locked transaction needs a second pooled connection, and transitions queued on the lock can hold the
// whole pool, so the lock holder would starve until a timeout.
import { readHealthGate } from "../health/gate-service";
import { readReadinessGate } from "../readiness/gate-service";
import { soakGate, type Gate } from "./gates";

export async function advanceGates(at: Date): Promise<readonly Gate[]> {
  const [health, readiness] = await Promise.all([readHealthGate(at), readReadinessGate(at)]);
  return [soakGate, health, readiness];
}
