export type ThresholdDto = {
  metric: string;
  comparison: "above" | "below";
  value: number;
  unit: string;
  enabled: boolean;
  updatedAt: string;
};
