import { otherMethods } from "@/lib/http/methods";
import { thresholdParamsSchema, thresholdUpdateSchema } from "@/lib/health/schemas";
import type { MetricKey } from "@/lib/health/metrics";
import { updateThreshold } from "@/lib/health/service";
import { route } from "@/lib/http/route";

export const PUT = route({
  auth: "admin",
  params: thresholdParamsSchema,
  body: thresholdUpdateSchema,
  handler: ({ params, body, actor, requestId }) => updateThreshold(params.metric as MetricKey, body, actor, requestId),
});

export const { GET, HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ PUT });
