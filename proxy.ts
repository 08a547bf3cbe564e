import { NextResponse, type NextRequest } from "next/server";

// An optimistic check only: pages need a session cookie, else they redirect to sign-in. Every API route checks the
// session itself (lib/http/route.ts), so this is about a pleasant redirect, not about security.
export function proxy(request: NextRequest) {
  if (request.cookies.has("pg_session")) return NextResponse.next();
  const login = new URL("/login", request.url);
  const next = request.nextUrl.pathname + request.nextUrl.search;
  if (next !== "/") login.searchParams.set("next", next);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything except sign-in, the API, the OFREP path, Next's assets and files with an extension.
  matcher: ["/((?!login|api/|ofrep/|_next/|.*\\.[a-zA-Z0-9]+$).*)"],
};
