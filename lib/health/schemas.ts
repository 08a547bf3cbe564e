// What the threshold editor and the health routes accept. The ingest body has its own hand-written parser on the hot
// path (report-parser.ts); its limits live here.
import { z } from "zod";
import { METRIC_KEYS } from "./metrics";

export const INGEST_MAX_BYTES = 1024 * 1024;
export const INGEST_MAX_REPORTS = 10_000;

export const thresholdParamsSchema = z.strictObject({ metric: z.enum(METRIC_KEYS as [string, ...string[]]) });

export const thresholdUpdateSchema = z.strictObject({
  comparison: z.enum(["above", "below"]),
  value: z.number().finite(),
  enabled: z.boolean(),
  minSamples: z.number().int().min(1).max(1_000_000_000),
  reason: z.string().trim().min(1, "say why").max(500),
});
export type ThresholdUpdate = z.infer<typeof thresholdUpdateSchema>;

export const healthRangeSchema = z.strictObject({ range: z.enum(["15m", "1h", "24h", "7d"]).default("1h") });
export type HealthRange = z.infer<typeof healthRangeSchema>["range"];

export const acknowledgeFreezeSchema = z.strictObject({
  reason: z.string().trim().min(1, "say why it is safe to continue").max(500),
});
