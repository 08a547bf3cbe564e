import { otherMethods } from "@/lib/http/methods";
import { getHealthNow } from "@/lib/health/service";
import { route } from "@/lib/http/route";

/** The five metrics now (tiles), stale reporters and the guard's status. */
export const GET = route({ auth: "read", handler: () => getHealthNow() });

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
