import { alertParams } from "@/lib/alerts/schemas";
import { acknowledgeAlert } from "@/lib/alerts/service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const POST = route({
  auth: "operate",
  params: alertParams,
  handler: ({ params, actor, requestId }) => acknowledgeAlert(params.id, actor, requestId),
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
