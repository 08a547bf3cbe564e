import { z } from "zod";
import { listGuardRuns } from "@/lib/health/guard-service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** The guard's recent evaluations, newest first: what it read, concluded and did. */
export const GET = route({
  auth: "read",
  query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
  handler: async ({ query }) => ({ runs: await listGuardRuns(query.limit) }),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
