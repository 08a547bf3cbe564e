import { json, route } from "@/lib/http/route";
import { checkHealth } from "@/lib/system/service";

/** Liveness and readiness for load balancers and `npm start`'s smoke test: 503 while degraded. */
export const GET = route({
  auth: "public",
  handler: async () => {
    const report = await checkHealth();
    return json(report, { status: report.status === "ok" ? 200 : 503 });
  },
});
