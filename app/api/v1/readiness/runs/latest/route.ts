import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { getLatestRun } from "@/lib/readiness/service";

/** The latest run (null before the first), whether a project path is configured for "Run now", the age limit. */
export const GET = route({
  auth: "read",
  handler: () => getLatestRun(),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
