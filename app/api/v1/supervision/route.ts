import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { listNodes } from "@/lib/supervision/service";

/** The nodes that reported a supervision tree, with their latest snapshot's time and size. */
export const GET = route({
  auth: "read",
  handler: async () => ({ nodes: await listNodes() }),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
