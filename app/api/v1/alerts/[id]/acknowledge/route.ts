import { alertParams } from "@/lib/alerts/schemas";
import { acknowledgeAlert } from "@/lib/alerts/service";
import { route } from "@/lib/http/route";

export const POST = route({
  auth: "operate",
  params: alertParams,
  handler: ({ params, actor, requestId }) => acknowledgeAlert(params.id, actor, requestId),
});
