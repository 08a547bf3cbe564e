// The gates an advance must pass, in the order operators see them. The health and readiness issues add theirs here.
import { healthGate } from "../health/gate-service";
import { soakGate, type Gate } from "./gates";

export const ADVANCE_GATES: readonly Gate[] = [soakGate, healthGate];
