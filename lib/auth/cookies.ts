// The session cookie (httpOnly: scripts never see it) and the CSRF cookie (readable by our pages, which echo it
// in X-CSRF-Token). Both SameSite=Lax, and Secure when the browser came over https.

export const SESSION_COOKIE = "pg_session";
const CSRF_COOKIE = "pg_csrf";
/** A session ends in any case a week after sign-in (see SESSION_IDLE_MS in session-service.ts). */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;

function cookie(name: string, value: string, options: { httpOnly: boolean; secure: boolean; maxAgeSeconds: number }) {
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "SameSite=Lax",
    `Max-Age=${options.maxAgeSeconds}`,
    options.httpOnly ? "HttpOnly" : null,
    options.secure ? "Secure" : null,
  ]
    .filter(Boolean)
    .join("; ");
}

export function sessionCookies(sessionToken: string, csrfToken: string, secure: boolean): string[] {
  const maxAgeSeconds = Math.floor(SESSION_MAX_MS / 1000);
  return [
    cookie(SESSION_COOKIE, sessionToken, { httpOnly: true, secure, maxAgeSeconds }),
    cookie(CSRF_COOKIE, csrfToken, { httpOnly: false, secure, maxAgeSeconds }),
  ];
}

export function clearedSessionCookies(secure: boolean): string[] {
  return [
    cookie(SESSION_COOKIE, "", { httpOnly: true, secure, maxAgeSeconds: 0 }),
    cookie(CSRF_COOKIE, "", { httpOnly: false, secure, maxAgeSeconds: 0 }),
  ];
}
