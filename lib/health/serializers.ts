// Wire shapes of the health domain (ISO dates, plain numbers).
import type { Threshold } from "../db/generated/client";
import type { GuardAction } from "./guard-decision";
import type { MetricKey } from "./metrics";
import type { MetricReading, Verdict } from "./readings";

export type ThresholdDto = {
  metric: string;
  comparison: "above" | "below";
  value: number;
  unit: string;
  enabled: boolean;
  minSamples: number;
  updatedAt: string;
};

export function toThresholdDto(threshold: Threshold): ThresholdDto {
  return {
    metric: threshold.metric,
    comparison: threshold.comparison,
    value: threshold.value,
    unit: threshold.unit,
    enabled: threshold.enabled,
    minSamples: threshold.minSamples,
    updatedAt: threshold.updatedAt.toISOString(),
  };
}

export type MetricTileDto = {
  metric: MetricKey;
  unit: string;
  formula: string;
  reading: MetricReading;
  verdict: Verdict;
  threshold: ThresholdDto | null;
  /** Guard evaluations in a row this metric has violated (from the guard's last evaluation). */
  consecutive: number;
};

export type GuardStatusDto = {
  consecutiveRequired: number;
  cooldownSeconds: number;
  intervalMs: number;
  lastEvaluatedAt: string | null;
  lastAutoRollbackAt: string | null;
  cooldownUntil: string | null;
  frozen: { at: string; reason: string; evidence: unknown } | null;
};

export type StaleReporterDto = { node: string; lastReportAt: string; silentSeconds: number };

export type HealthNowDto = {
  now: string;
  simulated: boolean;
  tiles: MetricTileDto[];
  stale: StaleReporterDto[];
  guard: GuardStatusDto;
};

export type GuardRunDto = {
  id: string;
  at: string;
  verdict: string;
  action: string;
  reason: string | null;
  readings: Record<string, [state: string, value: number | null, samples: number, consecutive: number]>;
};

export type ChartPointDto = { at: string } & Partial<Record<MetricKey, number | null>>;
export type ChartMarkerDto = { at: string; action: string; label: string };
export type NodeRowDto = { node: string; readings: Partial<Record<MetricKey, number | null>>; reports: number };

export type HealthChartsDto = {
  range: string;
  from: string;
  to: string;
  bucketSeconds: number;
  points: ChartPointDto[];
  markers: ChartMarkerDto[];
  errorsByCode: { code: string; category: string; total: number; points: { at: string; count: number }[] }[];
  nodes: NodeRowDto[];
  thresholds: ThresholdDto[];
};

export type GuardActionDto = GuardAction;
