import type { ZodType } from "zod";
import { ApiError } from "@/lib/http/api-client";

/** Field errors from a client-side zod check, keyed like the server's invalid_params ("body.<field>"). */
export function fieldErrors(schema: ZodType, value: unknown): Record<string, string> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[`body.${issue.path.join(".")}`] ??= issue.message;
  return errors;
}

/** The server's reason for a field, or the client's. */
export function errorFor(
  field: string,
  clientErrors: Record<string, string> | null,
  serverError: unknown,
): string | undefined {
  return clientErrors?.[field] ?? (serverError instanceof ApiError ? serverError.fieldError(field) : undefined);
}
