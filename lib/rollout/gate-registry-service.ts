// The gates an advance must pass, in the order operators see them. The health and readiness issues add theirs here.
// A service by name because the health gate reads the metrics from the database.
import { healthGate } from "../health/gate-service";
import { soakGate, type Gate } from "./gates";

export const ADVANCE_GATES: readonly Gate[] = [soakGate, healthGate];
