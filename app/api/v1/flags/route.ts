import { listFlags } from "@/lib/flags/service";
import { route } from "@/lib/http/route";

export const GET = route({
  auth: "read",
  handler: async () => ({ flags: await listFlags() }),
});
