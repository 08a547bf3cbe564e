import { alertListQuery } from "@/lib/alerts/schemas";
import { listAlerts } from "@/lib/alerts/service";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "read", query: alertListQuery, handler: ({ query }) => listAlerts(query) });
