// OpenFeature Remote Evaluation Protocol (OFREP) v1, spec 0.3.0 (open-feature/protocol service/openapi.yaml):
// request parsing, evaluation of Phasegate flags, the bulk ETag and the exact response shapes. Pure: the HTTP
// plumbing is in ofrep-http.ts.
//
// Reasons (the spec's enum is STATIC | TARGETING_MATCH | SPLIT | DISABLED | UNKNOWN):
//   on -> STATIC (true), off -> DISABLED (false), percentage -> SPLIT (phash2 bucket of the targeting key < p).
// Variants are "on" and "off", the flag's answer for this subject.
import { atom, flagBucket, type IdType } from "./phash2";
import type { FlagValue } from "./value";

export const OFREP_EVALUATE_PATH = "/ofrep/v1/evaluate/flags";
/** The OFREP-format live stream advertised in `eventStreams` (ADR-0008, added to the spec in 0.3.0). */
export const OFREP_EVENTS_PATH = "/ofrep/v1/events";
/** Clients close the stream after this much inactivity of their own (a backgrounded tab) and re-fetch on return. */
const INACTIVITY_DELAY_SEC = 120;

export type EvaluatedFlag = { readonly value: FlagValue; readonly version: number };
export type FlagSetView = { readonly flags: ReadonlyMap<string, EvaluatedFlag>; readonly etag: string };

/** Who is asking: the OpenFeature targeting key and which Erlang term it stands for when hashed. */
export type Subject = { targetingKey: string | undefined; idType: IdType };

export type OfrepReason = "STATIC" | "SPLIT" | "DISABLED";
export type OfrepErrorCode = "PARSE_ERROR" | "TARGETING_KEY_MISSING" | "INVALID_CONTEXT" | "FLAG_NOT_FOUND" | "GENERAL";
export type OfrepMetadata = Record<string, string | number | boolean>;

export type OfrepSuccess = {
  key: string;
  value: boolean;
  reason: OfrepReason;
  variant: "on" | "off";
  metadata: OfrepMetadata;
};
export type OfrepFailure = { key: string; errorCode: OfrepErrorCode; errorDetails: string };
/** Bulk-level failure and the spec's generalErrorResponse: no key. */
export type OfrepRequestFailure = { errorCode: OfrepErrorCode; errorDetails: string };
export type EventStreamLink = { type: "sse"; endpoint: { requestUri: string }; inactivityDelaySec: number };
export type BulkSuccess = { flags: (OfrepSuccess | OfrepFailure)[]; eventStreams: EventStreamLink[] };

/** An HTTP answer: status, the body as JSON text (none for 304), extra headers. */
export type OfrepAnswer = { status: number; json?: string; headers?: Record<string, string> };

export type ParsedRequest =
  { ok: true; subject: Subject } | { ok: false; errorCode: "PARSE_ERROR" | "INVALID_CONTEXT"; errorDetails: string };

const ID_TYPES: readonly string[] = ["string", "integer", "atom"];
const DECIMAL_INTEGER = /^[+-]?[0-9]+$/;

/** Parses `{ "context": { "targetingKey"?, "idType"?, ... } }`; other context attributes are accepted and unused. */
export function parseEvaluationRequest(text: string): ParsedRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const detail =
      text.trim() === ""
        ? "The request body is empty"
        : `The request body is not valid JSON (${(error as Error).message})`;
    return {
      ok: false,
      errorCode: "PARSE_ERROR",
      errorDetails: `${detail}; send {"context": {"targetingKey": "..."}}.`,
    };
  }
  if (!isObject(body)) {
    return {
      ok: false,
      errorCode: "PARSE_ERROR",
      errorDetails: 'The request body must be a JSON object like {"context": {...}}.',
    };
  }
  const context = body.context;
  if (context === undefined || context === null)
    return { ok: true, subject: { targetingKey: undefined, idType: "string" } };
  if (!isObject(context)) return invalidContext("context must be a JSON object.");

  const idType = context.idType ?? "string";
  if (typeof idType !== "string" || !ID_TYPES.includes(idType)) {
    return invalidContext(`context.idType must be "string", "integer" or "atom" (got ${JSON.stringify(idType)}).`);
  }
  const key = context.targetingKey;
  if (key !== undefined && key !== null && typeof key !== "string") {
    return invalidContext(
      `context.targetingKey must be a string (got ${typeof key}); send integer ids as "42" with idType "integer".`,
    );
  }
  // An empty id is a caller bug, not a subject: treated as missing so percentage flags report it.
  const targetingKey = typeof key === "string" && key !== "" ? key : undefined;
  if (targetingKey !== undefined && idType === "integer" && !DECIMAL_INTEGER.test(targetingKey)) {
    return invalidContext(
      `context.targetingKey ${JSON.stringify(targetingKey)} is not a decimal integer, but idType is "integer".`,
    );
  }
  if (targetingKey !== undefined && idType === "atom") {
    try {
      atom(targetingKey);
    } catch (error) {
      return invalidContext(`context.targetingKey is not a valid Erlang atom: ${(error as Error).message}.`);
    }
  }
  return { ok: true, subject: { targetingKey, idType: idType as IdType } };
}

function invalidContext(errorDetails: string): ParsedRequest {
  return { ok: false, errorCode: "INVALID_CONTEXT", errorDetails };
}

export function evaluateFlag(
  key: string,
  flag: EvaluatedFlag | undefined,
  subject: Subject,
): OfrepSuccess | OfrepFailure {
  if (!flag) return { key, errorCode: "FLAG_NOT_FOUND", errorDetails: `There is no flag "${key}".` };
  const { value, version } = flag;
  if (value.kind === "on") return { key, value: true, reason: "STATIC", variant: "on", metadata: { version } };
  if (value.kind === "off") return { key, value: false, reason: "DISABLED", variant: "off", metadata: { version } };
  if (subject.targetingKey === undefined) {
    return {
      key,
      errorCode: "TARGETING_KEY_MISSING",
      errorDetails: `"${key}" is a ${value.percentage}% rollout: send context.targetingKey, the id to place in or out of it.`,
    };
  }
  let bucket: number;
  try {
    bucket = flagBucket(key, subject.targetingKey, subject.idType);
  } catch (error) {
    return { key, errorCode: "GENERAL", errorDetails: `Cannot evaluate "${key}": ${(error as Error).message}` };
  }
  const enabled = bucket < value.percentage;
  return {
    key,
    value: enabled,
    reason: "SPLIT",
    variant: enabled ? "on" : "off",
    metadata: { version, percentage: value.percentage, bucket },
  };
}

const FAILURE_STATUS: Record<OfrepErrorCode, number> = {
  PARSE_ERROR: 400,
  INVALID_CONTEXT: 400,
  TARGETING_KEY_MISSING: 400,
  FLAG_NOT_FOUND: 404,
  GENERAL: 500,
};

/** `POST /ofrep/v1/evaluate/flags/{key}` */
export function evaluateOne(flags: FlagSetView, key: string, request: ParsedRequest): OfrepAnswer {
  if (!request.ok) return requestFailure(key, request.errorCode, request.errorDetails);
  const result = evaluateFlag(key, flags.flags.get(key), request.subject);
  return { status: "errorCode" in result ? FAILURE_STATUS[result.errorCode] : 200, json: JSON.stringify(result) };
}

/** `POST /ofrep/v1/evaluate/flags`: every flag, in key order, with a per-subject ETag. */
export function evaluateAll(flags: FlagSetView, request: ParsedRequest, ifNoneMatch: string | undefined): OfrepAnswer {
  if (!request.ok) return requestFailure(null, request.errorCode, request.errorDetails);
  const etag = bulkEtag(flags.etag, request.subject);
  // no-cache: a cache may keep the answer but must revalidate it (cheaply, through If-None-Match) before reuse.
  const headers = { etag, "cache-control": "no-cache" };
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etag)) return { status: 304, headers };
  const parts: string[] = [];
  for (const answer of compiled(flags)) parts.push(answer(request.subject));
  return { status: 200, json: `{"flags":[${parts.join(",")}],"eventStreams":${EVENT_STREAMS_JSON}}`, headers };
}

// `endpoint` without `origin`: the provider resolves the path against the OFREP base URL it was configured with,
// which stays right behind proxies where this server cannot know its public origin.
const EVENT_STREAMS: EventStreamLink[] = [
  { type: "sse", endpoint: { requestUri: OFREP_EVENTS_PATH }, inactivityDelaySec: INACTIVITY_DELAY_SEC },
];
const EVENT_STREAMS_JSON = JSON.stringify(EVENT_STREAMS);

/** One flag's bulk entry as JSON text, for a subject. */
type CompiledFlag = (subject: Subject) => string;

// Serialising the bulk answer with JSON.stringify cost more than everything else per request (docs/BENCHMARKS.md),
// so each snapshot is compiled once into JSON fragments: constant for on/off, two prefixes plus the bucket for a
// split. ofrep.test.ts checks the fragments equal JSON.stringify(evaluateFlag(...)).
const compiledSets = new WeakMap<FlagSetView, CompiledFlag[]>();

function compiled(flags: FlagSetView): CompiledFlag[] {
  let list = compiledSets.get(flags);
  if (!list) {
    list = [...flags.flags].map(([key, flag]) => compileFlag(key, flag));
    compiledSets.set(flags, list);
  }
  return list;
}

const NO_SUBJECT: Subject = { targetingKey: undefined, idType: "string" };

function compileFlag(key: string, flag: EvaluatedFlag): CompiledFlag {
  const { value, version } = flag;
  const withoutSubject = JSON.stringify(evaluateFlag(key, flag, NO_SUBJECT));
  if (value.kind !== "percentage") return () => withoutSubject;
  const head = (enabled: boolean) =>
    `{"key":${JSON.stringify(key)},"value":${enabled},"reason":"SPLIT","variant":"${enabled ? "on" : "off"}",` +
    `"metadata":{"version":${version},"percentage":${value.percentage},"bucket":`;
  const onHead = head(true);
  const offHead = head(false);
  return (subject) => {
    if (subject.targetingKey === undefined) return withoutSubject;
    let bucket: number;
    try {
      bucket = flagBucket(key, subject.targetingKey, subject.idType);
    } catch {
      return JSON.stringify(evaluateFlag(key, flag, subject));
    }
    return `${bucket < value.percentage ? onHead : offHead}${bucket}}}`;
  };
}

/** The answer depends on the flags and on the subject, so the ETag covers both. */
export function bulkEtag(flagSetEtag: string, subject: Subject): string {
  if (subject.targetingKey === undefined) return `"${flagSetEtag}.${subject.idType}"`;
  const text = `${subject.idType}\0${subject.targetingKey}`;
  return `"${flagSetEtag}.${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x050c5d1f)}"`;
}

function fnv1a(text: string, seed: number): string {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, "0");
}

/** RFC 9110 If-None-Match: `*`, or a list of entity tags compared weakly (W/ ignored). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const header = ifNoneMatch.trim();
  if (header === "*") return true;
  for (const part of header.split(",")) {
    const tag = part.trim();
    if ((tag.startsWith("W/") ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}

/** A request-level failure (bad body, too large, auth) in OFREP's shapes: with `key` on the single endpoint. */
export function requestFailure(
  key: string | null,
  errorCode: OfrepErrorCode,
  errorDetails: string,
  status = 400,
): OfrepAnswer {
  const body: OfrepFailure | OfrepRequestFailure =
    key === null ? { errorCode, errorDetails } : { key, errorCode, errorDetails };
  return { status, json: JSON.stringify(body) };
}

/**
 * 401/403: the spec declares these statuses with no body schema; Phasegate sends its general error shape
 * `{ errorDetails }` so a human with curl learns why. OFREP providers branch on the status alone.
 */
export function accessDenied(status: 401 | 403, detail: string): OfrepAnswer {
  return {
    status,
    json: JSON.stringify({ errorDetails: detail }),
    headers: status === 401 ? { "www-authenticate": 'Bearer realm="phasegate"' } : {},
  };
}

/** The spec's SSE message (event type `message`): tells providers to re-fetch the bulk evaluation. */
export function refetchEvaluationMessage(flagSetEtag: string): string {
  return `data: ${JSON.stringify({ type: "refetchEvaluation", etag: flagSetEtag })}\n\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
