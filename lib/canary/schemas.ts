// What the canary routes accept: a metric's policy as an admin edits it. One schema for the route and the form.
import { z } from "zod";
import { CANARY_METRICS } from "./types";

export const canaryPolicyParamsSchema = z.strictObject({ metric: z.enum(CANARY_METRICS) });

export const canaryPolicyUpdateSchema = z.strictObject({
  enabled: z.boolean(),
  /** canary/control ratio of the bad rate or of latency: 1.5 = 50 % worse is still acceptable. */
  maxDegradation: z.number().finite().gt(1, "must be above 1 (1.5 = 50 % worse)").max(100),
  alpha: z.number().gt(0).max(0.2, "a false-alarm rate above 20 % is not a guard"),
  minSamples: z.number().int().min(1).max(1_000_000_000),
  negligibleRate: z.number().gt(0).lt(1).nullable().optional(),
  reason: z.string().trim().min(1, "say why").max(500),
});
export type CanaryPolicyUpdate = z.infer<typeof canaryPolicyUpdateSchema>;
