import type { Threshold } from "../db/generated/client";

export type ThresholdDto = {
  metric: string;
  comparison: "above" | "below";
  value: number;
  unit: string;
  enabled: boolean;
  updatedAt: string;
};

export function toThresholdDto(threshold: Threshold): ThresholdDto {
  return {
    metric: threshold.metric,
    comparison: threshold.comparison,
    value: threshold.value,
    unit: threshold.unit,
    enabled: threshold.enabled,
    updatedAt: threshold.updatedAt.toISOString(),
  };
}
