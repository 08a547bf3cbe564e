import { loginInfo } from "@/lib/auth/session-service";
import { serverEnv } from "@/lib/env";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

/** What the sign-in page may show: the demo credentials, only on the embedded demo database. */
export const GET = route({
  auth: "public",
  handler: () => loginInfo(serverEnv().PHASEGATE_EMBEDDED_DB === "1"),
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
