import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { getChecklist } from "@/lib/readiness/service";

export const GET = route({
  auth: "read",
  handler: () => getChecklist(),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
