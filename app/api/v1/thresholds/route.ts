import { listThresholds } from "@/lib/health/service";
import { route } from "@/lib/http/route";

export const GET = route({
  auth: "read",
  handler: async () => ({ thresholds: await listThresholds() }),
});
