import { can } from "@/lib/auth/policy";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { rollbackSchema } from "@/lib/rollout/schemas";
import { transition } from "@/lib/rollout/transition-service";

export const POST = route({
  auth: "operate",
  body: rollbackSchema,
  handler: ({ body, actor, requestId, principal }) =>
    transition("rollback", body, { actor, requestId, mayOverride: can(principal, "admin") }),
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
