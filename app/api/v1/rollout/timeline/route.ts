import { route } from "@/lib/http/route";
import { getRolloutTimeline } from "@/lib/rollout/service";

export const GET = route({ auth: "read", handler: () => getRolloutTimeline() });
