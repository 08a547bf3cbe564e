// Wire shapes of canary analysis: ISO dates, and effect bounds that JSON can carry (an infinite bound is null).
import type { CanaryFinding, SeriesPoint } from "./findings";
import type { CanaryMetric, CanaryPolicy, CanaryVerdict } from "./types";

const finite = (x: number | undefined | null) => (x === undefined || x === null || !Number.isFinite(x) ? null : x);

export type CanaryVerdictDto = Omit<CanaryVerdict, "effect"> & {
  effect: {
    kind: "ratio" | "difference";
    estimate: number | null;
    lower: number | null;
    upper: number | null;
    confidence: number;
  } | null;
};

export type CanaryFlagDto = {
  flag: string;
  percentage: number;
  since: string;
  overall: CanaryFinding["overall"];
  verdicts: CanaryVerdictDto[];
  series: SeriesPoint[];
  /** Per metric: when the judge first decided in the current split, and after how many minutes of traffic. */
  decidedAt: Partial<Record<CanaryMetric, { at: string; verdict: string; minutes: number }>>;
};

export type CanaryOverviewDto = { now: string; policies: CanaryPolicy[]; flags: CanaryFlagDto[] };

export function toVerdictDto(v: CanaryVerdict): CanaryVerdictDto {
  return {
    ...v,
    effect: v.effect && {
      kind: v.effect.kind,
      estimate: finite(v.effect.estimate),
      lower: finite(v.effect.lower),
      upper: finite(v.effect.upper),
      confidence: v.effect.confidence,
    },
  };
}

export function toCanaryOverviewDto(o: {
  now: Date;
  policies: CanaryPolicy[];
  flags: { finding: CanaryFinding; series: SeriesPoint[]; decidedAt: CanaryFlagDto["decidedAt"] }[];
}): CanaryOverviewDto {
  return {
    now: o.now.toISOString(),
    policies: o.policies,
    flags: o.flags.map(({ finding, series, decidedAt }) => ({
      flag: finding.flag,
      percentage: finding.percentage,
      since: finding.since,
      overall: finding.overall,
      verdicts: finding.verdicts.map(toVerdictDto),
      series,
      decidedAt,
    })),
  };
}
