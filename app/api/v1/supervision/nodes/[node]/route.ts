import { z } from "zod";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { nodeViewJson } from "@/lib/supervision/service";

/** One node's latest tree (columnar), diff, restarts, headroom and heaviest queues. */
export const GET = route({
  auth: "read",
  params: z.object({ node: z.string().min(1).max(255) }),
  handler: async ({ params }) =>
    new Response(await nodeViewJson(params.node), {
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    }),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
