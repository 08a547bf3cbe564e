import { listCanaryPolicies } from "@/lib/canary/service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "admin", handler: async () => ({ policies: await listCanaryPolicies() }) });

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
