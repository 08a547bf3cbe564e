// The methods a route file does not declare answer in the error contract too: 405 problem+json with Allow, where
// Next.js would send an empty 405. Each route file ends with
//   export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
// naming every method it does not declare (TypeScript refuses one it does declare; a test finds one left out).
import "server-only";
import { AppError } from "./errors";
import { problemResponse } from "./problem";
import { requestIdFrom } from "./spine";

export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = (request: Request, context: NextRouteContext) => Promise<Response>;

const NOT_ALLOWED = Symbol.for("phasegate.methodNotAllowed");

export function otherMethods<const T extends Partial<Record<RouteMethod, RouteHandler>>>(
  declared: T,
): { [M in Exclude<RouteMethod, keyof T>]: RouteHandler } {
  const allowed = new Set<string>(Object.keys(declared));
  if (declared.GET) allowed.add("HEAD");
  allowed.add("OPTIONS");
  const allow = [...allowed].sort().join(", ");
  const notAllowed: RouteHandler = async (request) => {
    const path = new URL(request.url).pathname;
    const error = new AppError("method_not_allowed", `${request.method} is not allowed on ${path}; use ${allow}.`, {
      headers: { allow },
    });
    return problemResponse(error, requestIdFrom(request.headers.get("x-request-id")));
  };
  Object.assign(notAllowed, { [NOT_ALLOWED]: true });
  const options: RouteHandler = async () => new Response(null, { status: 204, headers: { allow } });
  const others: Partial<Record<RouteMethod, RouteHandler>> = {};
  for (const method of ROUTE_METHODS) {
    if (method in declared) continue;
    others[method] = method === "OPTIONS" ? options : method === "HEAD" && declared.GET ? declared.GET : notAllowed;
  }
  return others as { [M in Exclude<RouteMethod, keyof T>]: RouteHandler };
}

/** Whether a route export only refuses its method (the authorization matrix skips those). */
export function isMethodNotAllowed(handler: unknown): boolean {
  return typeof handler === "function" && NOT_ALLOWED in handler;
}
