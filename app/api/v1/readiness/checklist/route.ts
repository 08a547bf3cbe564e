import { route } from "@/lib/http/route";
import { getChecklist } from "@/lib/readiness/service";

export const GET = route({
  auth: "read",
  handler: () => getChecklist(),
});
