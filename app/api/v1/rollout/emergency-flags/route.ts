import { route } from "@/lib/http/route";
import { setEmergencyForcedOff } from "@/lib/rollout/plan-service";
import { emergencyFlagsSchema } from "@/lib/rollout/schemas";

export const PUT = route({
  auth: "admin",
  body: emergencyFlagsSchema,
  handler: ({ body, actor, requestId }) => setEmergencyForcedOff(body.flags, body.reason, actor, requestId),
});
