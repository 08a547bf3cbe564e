// Reads what a transition decides from: the phases with their flag settings, and every flag's current value.
import "server-only";
import type { Transaction } from "../db/client";
import { fromColumns, type FlagValue } from "../flags/value";

type FlagKind = Parameters<typeof fromColumns>[0];
import type { PhaseSettings } from "./effective-state";

export type PlanSnapshot = {
  phases: { number: number; name: string; monitorForMinutes: number | null }[];
  settings: PhaseSettings[];
  /** Every flag's value now, by key. */
  flags: Map<string, FlagValue>;
};

type Reader = Pick<Transaction, "$queryRaw">;
type Row = {
  phases: { number: number; name: string; monitorForMinutes: number | null }[];
  settings: { phase: number; key: string; kind: FlagKind; percentage: number | null }[];
  flags: { key: string; kind: FlagKind; percentage: number | null }[];
};

/** One statement (it runs inside every transition: three Prisma reads were three round trips). */
export async function readPlanSnapshot(tx: Reader): Promise<PlanSnapshot> {
  const [row] = await tx.$queryRaw<Row[]>`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('number', p.number, 'name', p.name,
                                                  'monitorForMinutes', p.monitor_for_minutes) ORDER BY p.number), '[]')
         FROM phases p) AS phases,
      (SELECT coalesce(json_agg(json_build_object('phase', s.phase_number, 'key', s.flag_key, 'kind', s.kind,
                                                  'percentage', s.percentage)), '[]')
         FROM phase_flag_settings s) AS settings,
      (SELECT coalesce(json_agg(json_build_object('key', f.key, 'kind', f.kind, 'percentage', f.percentage)
                                ORDER BY f.key), '[]')
         FROM flags f) AS flags`;
  const { phases, settings, flags } = row!;
  return {
    phases,
    settings: phases.map((p) => ({
      number: p.number,
      flags: new Map(
        settings.filter((s) => s.phase === p.number).map((s) => [s.key, fromColumns(s.kind, s.percentage)]),
      ),
    })),
    flags: new Map(flags.map((f) => [f.key, fromColumns(f.kind, f.percentage)])),
  };
}
