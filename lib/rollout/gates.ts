// Gates on advance: named checks that each answer pass, fail or unavailable, with a reason and the evidence behind
// it. Pure: a gate sees a snapshot of what it needs (GateContext), gathered by the service. The soak gate is here;
// the health and readiness gates live in their domains and join advanceGates in gate-registry-service.ts.

export type GateStatus = "pass" | "fail" | "unavailable";

export type GateResult = {
  name: string;
  status: GateStatus;
  reason: string;
  evidence: Record<string, unknown>;
};

export type GateContext = {
  now: Date;
  /** The phase being left, with its runbook monitor-for time (null: the runbook gives none). */
  phase: { number: number; monitorForMinutes: number | null };
  enteredAt: Date | null;
  /** The phase an advance would enter. */
  nextPhase: number;
};

/** A gate may answer at once or after reading what it needs (health windows, the latest readiness run). */
export type Gate = { name: string; evaluate(context: GateContext): GateResult | Promise<GateResult> };

const minutes = (n: number) => `${Math.floor(n)} min`;

/** The current phase has been watched for its monitor-for time (the runbook's "Monitor for 30 minutes"). */
export const soakGate = {
  name: "soak",
  evaluate({ now, phase, enteredAt }: GateContext): GateResult {
    const evidence = {
      phase: phase.number,
      monitorForMinutes: phase.monitorForMinutes,
      enteredAt: enteredAt?.toISOString() ?? null,
      now: now.toISOString(),
    };
    if (phase.monitorForMinutes === null)
      return { name: "soak", status: "pass", reason: `Phase ${phase.number} has no monitor-for time.`, evidence };
    if (!enteredAt)
      return {
        name: "soak",
        status: "unavailable",
        reason: `When phase ${phase.number} was entered is unknown.`,
        evidence,
      };
    const elapsed = (now.getTime() - enteredAt.getTime()) / 60_000;
    const withElapsed = { ...evidence, elapsedMinutes: Math.floor(elapsed) };
    if (elapsed >= phase.monitorForMinutes)
      return {
        name: "soak",
        status: "pass",
        reason: `Phase ${phase.number} has been monitored for ${minutes(elapsed)} (needs ${minutes(phase.monitorForMinutes)}).`,
        evidence: withElapsed,
      };
    return {
      name: "soak",
      status: "fail",
      reason: `Phase ${phase.number} has been monitored for ${minutes(elapsed)} of ${minutes(phase.monitorForMinutes)}; ${minutes(Math.ceil(phase.monitorForMinutes - elapsed))} to go.`,
      evidence: withElapsed,
    };
  },
} satisfies Gate;

/** Runs every gate; a gate that throws is unavailable (never a pass). */
export function evaluateGates(gates: readonly Gate[], context: GateContext): Promise<GateResult[]> {
  return Promise.all(
    gates.map(async (gate): Promise<GateResult> => {
      try {
        return await gate.evaluate(context);
      } catch (error) {
        return {
          name: gate.name,
          status: "unavailable",
          reason: `The ${gate.name} gate could not be evaluated: ${(error as Error).message}`,
          evidence: {},
        };
      }
    }),
  );
}

export const unmetGates = (results: readonly GateResult[]) => results.filter((r) => r.status !== "pass");
