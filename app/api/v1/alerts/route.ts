import { alertListQuery } from "@/lib/alerts/schemas";
import { listAlerts } from "@/lib/alerts/service";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "read", query: alertListQuery, handler: ({ query }) => listAlerts(query) });

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
