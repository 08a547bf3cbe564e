// Shared zod building blocks for request fields PostgreSQL must be able to store and compare: text without NUL
// characters and with a length bound, a cursor that fits a bigint, a date-time inside a sane calendar range.
// Pure: used by every domain's schemas.ts (on the server and in forms) and by the route() spine's NUL guard.
import { z } from "zod";

export const NO_NUL = "must not contain NUL characters";

/** Trimmed text of at most `max` characters, without NUL characters (PostgreSQL text cannot hold them). */
export function text(max: number) {
  return z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .regex(/^[^\u0000]*$/, NO_NUL);
}

const BIGINT_MAX = 9223372036854775807n;

/** An opaque page cursor: the id (a positive bigint) a previous page ended at. */
export function cursor() {
  const message = "cursor must be the nextCursor of a previous page";
  return z
    .string()
    .regex(/^\d{1,19}$/, message)
    .refine((value) => BigInt(value) <= BIGINT_MAX, message);
}

const EARLIEST = Date.parse("1970-01-01T00:00:00Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

/** An ISO 8601 date-time with an offset, between 1970 and 9999 (PostgreSQL has no year 0, JavaScript does). */
export function dateTime(field: string) {
  return z.iso.datetime({ offset: true, message: `${field} must be an ISO 8601 date-time` }).refine((value) => {
    const time = Date.parse(value);
    return time >= EARLIEST && time <= LATEST;
  }, `${field} must be between 1970-01-01 and 9999-12-31`);
}

/** The path to the first string (or object key) holding a NUL character, or undefined when there is none. */
export function pathToNul(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key];
    const found = pathToNul(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
