// Reads what a transition decides from: the phases with their flag settings, and every flag's current value.
import "server-only";
import type { Transaction } from "../db/client";
import { fromColumns, type FlagValue } from "../flags/value";
import type { PhaseSettings } from "./effective-state";

export type PlanSnapshot = {
  phases: { number: number; name: string; monitorForMinutes: number | null }[];
  settings: PhaseSettings[];
  /** Every flag's value now, by key. */
  flags: Map<string, FlagValue>;
};

type Reader = Pick<Transaction, "phase" | "flag">;

export async function readPlanSnapshot(tx: Reader): Promise<PlanSnapshot> {
  const [phases, flags] = await Promise.all([
    tx.phase.findMany({ orderBy: { number: "asc" }, include: { flagSettings: true } }),
    tx.flag.findMany({ select: { key: true, kind: true, percentage: true }, orderBy: { key: "asc" } }),
  ]);
  return {
    phases: phases.map((p) => ({ number: p.number, name: p.name, monitorForMinutes: p.monitorForMinutes })),
    settings: phases.map((p) => ({
      number: p.number,
      flags: new Map(p.flagSettings.map((s) => [s.flagKey, fromColumns(s.kind, s.percentage)])),
    })),
    flags: new Map(flags.map((f) => [f.key, fromColumns(f.kind, f.percentage)])),
  };
}
