// The browser's fetch helper: JSON in and out, problem+json errors as ApiError with the server's code.
// It never shows toasts; components decide what to say.
import type { InvalidParam } from "./errors";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId: string | null;
  readonly invalidParams: InvalidParam[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === "string" ? body.detail : `Request failed with status ${status}`;
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = typeof body.code === "string" ? body.code : status >= 500 ? "internal" : "bad_request";
    this.detail = detail;
    this.requestId = typeof body.requestId === "string" ? body.requestId : null;
    this.invalidParams = Array.isArray(body.invalid_params) ? (body.invalid_params as InvalidParam[]) : [];
    this.body = body;
  }

  /** The reason given for one field, e.g. fieldError("body.percentage"). */
  fieldError(name: string): string | undefined {
    return this.invalidParams.find((p) => p.name === name)?.reason;
  }
}

export type ApiRequest = { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The CSRF token the server set for this session; state-changing requests echo it. */
function csrfToken(): string | undefined {
  if (typeof document === "undefined") return undefined;
  const match = /(?:^|;\s*)pg_csrf=([^;]*)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const method = request.method ?? (request.body === undefined ? "GET" : "POST");
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  const csrf = csrfToken();
  if (!SAFE_METHODS.has(method) && csrf) headers["x-csrf-token"] = csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
      credentials: "same-origin",
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, { code: "network", detail: "Phasegate is unreachable. Check the connection; retrying." });
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { detail: text.slice(0, 200) };
  }
  if (!response.ok) throw new ApiError(response.status, (body ?? {}) as Record<string, unknown>);
  return (response.status === 204 ? undefined : body) as T;
}
