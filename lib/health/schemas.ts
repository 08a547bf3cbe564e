// What the ingest API and the threshold editor accept. Strict: unknown fields are refused, counts are non-negative
// integers, delivered <= sent, succeeded <= attempted. The body shape is fixed in docs/API.md (the ingest contract).
import { z } from "zod";
import { METRIC_KEYS } from "./metrics";

export const INGEST_MAX_BYTES = 1024 * 1024;
export const INGEST_MAX_REPORTS = 10_000;

const count = z.number().int("must be a whole number").min(0, "must not be negative").max(Number.MAX_SAFE_INTEGER);
const label = (max: number) => z.string().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

const messages = z
  .strictObject({ sent: count, delivered: count })
  .refine((m) => m.delivered <= m.sent, { message: "must not exceed sent", path: ["delivered"] });
const recoveries = z
  .strictObject({ attempted: count, succeeded: count })
  .refine((r) => r.succeeded <= r.attempted, { message: "must not exceed attempted", path: ["succeeded"] });

const bucket = z.strictObject({
  /** Upper bound in ms of this bucket; null for the last, unbounded one. Counts are per bucket, not cumulative. */
  leMs: z.number().positive("must be positive").nullable(),
  count,
});
const responseTime = z.union([
  z.strictObject({ sumMs: z.number().min(0, "must not be negative"), count }),
  z.strictObject({
    buckets: z
      .array(bucket)
      .min(1)
      .max(64)
      .superRefine((buckets, ctx) => {
        buckets.forEach((b, i) => {
          const previous = buckets[i - 1]?.leMs;
          if (b.leMs === null && i !== buckets.length - 1)
            ctx.addIssue({ code: "custom", message: "only the last bucket may be unbounded", path: [i, "leMs"] });
          else if (b.leMs !== null && previous !== undefined && (previous === null || b.leMs <= previous))
            ctx.addIssue({ code: "custom", message: "bucket bounds must increase", path: [i, "leMs"] });
        });
      }),
  }),
]);

const errorCount = z.strictObject({ category: label(64), code: label(128), count });

/** Reserved for canary analysis: the same counters split by a flag's cohort. */
const cohort = z.strictObject({
  flag: label(255),
  variant: z.enum(["on", "off"]),
  requests: count.optional(),
  errors: count.optional(),
  messages: messages.optional(),
  recoveries: recoveries.optional(),
  responseTime: z.strictObject({ sumMs: z.number().min(0), count }).optional(),
  restarts: count.optional(),
});

export const intervalReportSchema = z.strictObject({
  node: label(255),
  intervalStart: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }),
  intervalSeconds: z.number().int().min(1, "must be at least 1").max(3600, "must be at most 3600"),
  requests: count,
  errors: z.array(errorCount).max(200).default([]),
  messages: messages.optional(),
  recoveries: recoveries.optional(),
  responseTime: responseTime.optional(),
  restarts: count.default(0),
  cohorts: z.array(cohort).max(50).optional(),
});

export type IntervalReportInput = z.infer<typeof intervalReportSchema>;

export const ingestBodySchema = z.strictObject({
  reports: z.array(intervalReportSchema).min(1, "send at least one report"),
});

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
