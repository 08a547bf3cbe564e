import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { runParamsSchema } from "@/lib/readiness/schemas";
import { getRun } from "@/lib/readiness/service";

/** One run: every check with its evidence, the scan it used, and what changed since the run before. */
export const GET = route({
  auth: "read",
  params: runParamsSchema,
  handler: ({ params }) => getRun(params.id),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
