import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { getRolloutOverview } from "@/lib/rollout/service";

export const GET = route({
  auth: "read",
  handler: () => getRolloutOverview(),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
