import { listThresholds } from "@/lib/health/service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const GET = route({
  auth: "read",
  handler: async () => ({ thresholds: await listThresholds() }),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
