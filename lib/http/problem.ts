// RFC 9457 problem+json bodies for AppErrors, and the mapping of everything else to them.
import type { ZodError } from "zod";
import { isDatabaseUnavailable } from "../db/unavailable";
import { AppError, ERROR_TITLE, databaseUnavailable, type InvalidParam } from "./errors";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  invalid_params?: InvalidParam[];
  [extra: string]: unknown;
};

export function problemBody(error: AppError, requestId: string): Problem {
  return {
    ...error.extra,
    type: `urn:phasegate:problem:${error.code}`,
    title: ERROR_TITLE[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
    requestId,
    ...(error.invalidParams?.length ? { invalid_params: error.invalidParams } : {}),
  };
}

export function problemResponse(error: AppError, requestId: string): Response {
  return new Response(JSON.stringify(problemBody(error, requestId)), {
    status: error.status,
    headers: {
      "content-type": "application/problem+json",
      "x-request-id": requestId,
      "cache-control": "no-store",
      ...error.headers,
    },
  });
}

/** Zod issues as invalid_params, each named by where it came from ("body.percentage", "query.id"). */
export function zodToAppError(error: ZodError, source: "params" | "query" | "body"): AppError {
  const invalidParams = error.issues.map((issue) => ({
    name: [source, ...issue.path.map(String)].join("."),
    reason: issue.message,
  }));
  const first = invalidParams[0];
  const detail = first ? `${first.name}: ${first.reason}` : `Invalid ${source}`;
  return new AppError(
    "validation_failed",
    invalidParams.length > 1 ? `${detail} (and ${invalidParams.length - 1} more)` : detail,
    {
      invalidParams,
    },
  );
}

/**
 * Anything a handler throws, as an AppError. Database constraint errors that services did not translate become
 * 409/404; a database that cannot be reached is a 503 with Retry-After (the app recovers by itself when it is
 * back); everything else is a generic 500 whose details go to the log only. That includes a ZodError: the
 * client's input is parsed (and reported as 400) by route() before the handler runs, so a ZodError thrown later
 * is server code failing its own schema, not the client's fault.
 */
export function toAppError(error: unknown): { appError: AppError; unexpected: boolean } {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  if (isDatabaseUnavailable(error)) return { appError: databaseUnavailable(), unexpected: false };
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "P2002")
    return { appError: new AppError("conflict", "A record with that identifier already exists."), unexpected: false };
  if (code === "P2025") return { appError: new AppError("not_found", "The record does not exist."), unexpected: false };
  return {
    appError: new AppError("internal", "Something went wrong on the server. Quote the request id when reporting it."),
    unexpected: true,
  };
}
