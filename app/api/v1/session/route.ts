import { isHttps } from "@/lib/auth/authenticate";
import { clearedSessionCookies, sessionCookies } from "@/lib/auth/cookies";
import { loginSchema } from "@/lib/auth/schemas";
import { currentSession, login, logout } from "@/lib/auth/session-service";
import { otherMethods } from "@/lib/http/methods";
import { json, route } from "@/lib/http/route";

/** Who am I: the signed-in user and the CSRF token their page must echo. */
export const GET = route({
  auth: "public",
  handler: ({ principal }) => currentSession(principal),
});

/** Sign in. Throttled per username and per client address; one generic message for any wrong credential. */
export const POST = route({
  auth: "public",
  csrf: false,
  body: loginSchema,
  handler: async ({ body, request, requestId, clientIp }) => {
    const { session, cookieToken } = await login({
      ...body,
      clientIp,
      userAgent: request.headers.get("user-agent"),
      requestId,
    });
    const headers = new Headers();
    for (const value of sessionCookies(cookieToken, session.csrfToken, isHttps(request)))
      headers.append("set-cookie", value);
    return json(session, { status: 201, headers });
  },
});

/** Sign out: ends this session and clears the cookies. */
export const DELETE = route({
  auth: "public",
  handler: async ({ principal, request, requestId }) => {
    await logout(principal, requestId);
    const headers = new Headers();
    for (const value of clearedSessionCookies(isHttps(request))) headers.append("set-cookie", value);
    return new Response(null, { status: 204, headers });
  },
});

export const { HEAD, PUT, PATCH, OPTIONS } = otherMethods({ GET, POST, DELETE });
