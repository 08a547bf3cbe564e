import { route } from "@/lib/http/route";
import { getRolloutOverview } from "@/lib/rollout/service";

export const GET = route({
  auth: "read",
  handler: () => getRolloutOverview(),
});
