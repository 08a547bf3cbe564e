import { getCanaryOverview } from "@/lib/canary/service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** Canary against control per flag under a percentage rollout: verdicts now, the series, time to decision. */
export const GET = route({ auth: "read", handler: () => getCanaryOverview() });

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
