import { otherMethods } from "@/lib/http/methods";
import { getHealthCharts } from "@/lib/health/charts-service";
import { healthRangeSchema } from "@/lib/health/schemas";
import { route } from "@/lib/http/route";

/** The Health page's charts for ?range=15m|1h|24h|7d. */
export const GET = route({
  auth: "read",
  query: healthRangeSchema,
  handler: ({ query }) => getHealthCharts(query.range),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
