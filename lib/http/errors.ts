// The one error contract: services throw AppError(code, detail, fields?); one table maps codes to HTTP statuses.
// Pure (no next, no prisma): the browser's ApiError shares the codes.

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  unsupported_media_type: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  headers_too_large: 431,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLE: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  invalid_json: "Request body is not valid JSON",
  unsupported_media_type: "Unsupported content type",
  validation_failed: "Request failed validation",
  unauthenticated: "Authentication required",
  forbidden: "Not allowed",
  csrf_failed: "Missing or invalid CSRF token",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  request_timeout: "Request timeout",
  conflict: "Conflict",
  payload_too_large: "Request body too large",
  headers_too_large: "Request headers too large",
  rate_limited: "Too many requests",
  internal: "Internal error",
  not_implemented: "Method not implemented",
  unavailable: "Service unavailable",
};

/** One invalid field, as RFC 9457's invalid-params extension. `name` is a dotted path, e.g. "body.percentage". */
export type InvalidParam = { name: string; reason: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly invalidParams?: InvalidParam[];
  readonly headers?: Record<string, string>;
  /** Extra members for the problem body (e.g. the current state on a 409). */
  readonly extra?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { invalidParams?: InvalidParam[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    this.invalidParams = options.invalidParams;
    this.headers = options.headers;
    this.extra = options.extra;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** How long a client should wait before retrying while the database is unreachable (Retry-After, seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The database is down, restarting or out of connections: 503 with Retry-After, so clients wait and retry. */
export function databaseUnavailable(): AppError {
  return new AppError("unavailable", "The database is unreachable right now; try again in a few seconds.", {
    headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
  });
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && value in ERROR_STATUS;
}
