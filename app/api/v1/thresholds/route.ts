import { listThresholds } from "@/lib/health/service";
import { route } from "@/lib/http/route";

export const GET = route({
  auth: "public",
  handler: async () => ({ thresholds: await listThresholds() }),
});
