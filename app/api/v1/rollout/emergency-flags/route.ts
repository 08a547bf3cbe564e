import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { setEmergencyForcedOff } from "@/lib/rollout/plan-service";
import { emergencyFlagsSchema } from "@/lib/rollout/schemas";

export const PUT = route({
  auth: "admin",
  body: emergencyFlagsSchema,
  handler: ({ body, actor, requestId }) => setEmergencyForcedOff(body.flags, body.reason, actor, requestId),
});

export const { GET, POST, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ PUT });
