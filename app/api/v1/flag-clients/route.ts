import { flagClientSyncs } from "@/lib/flags/client-sync-service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** Per node: whether its Erlang flag client holds the current flag set, and how long the slowest one took. */
export const GET = route({
  auth: "read",
  handler: () => flagClientSyncs(),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
