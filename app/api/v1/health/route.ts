import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/http/errors";
import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";
import { checkHealth } from "@/lib/system/service";

/**
 * Liveness and readiness for load balancers and `npm start`'s smoke test: 503 while degraded, with Retry-After
 * while the database is unreachable (the app reconnects by itself when it returns).
 */
export const GET = route({
  auth: "public",
  handler: async () => {
    const report = await checkHealth();
    if (report.status === "ok") return json(report);
    return json(report, {
      status: 503,
      headers: report.database.reachable ? {} : { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  },
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
