import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { getRolloutTimeline } from "@/lib/rollout/service";

export const GET = route({ auth: "read", handler: () => getRolloutTimeline() });

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
