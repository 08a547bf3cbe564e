import { loginInfo } from "@/lib/auth/session-service";
import { serverEnv } from "@/lib/env";
import { route } from "@/lib/http/route";

/** What the sign-in page may show: the demo credentials, only on the embedded demo database. */
export const GET = route({
  auth: "public",
  handler: () => loginInfo(serverEnv().PHASEGATE_EMBEDDED_DB === "1"),
});
