// OFREP's lean routes, answered in node:http before Next.js sees the request: Next's route handlers cost several
// times the evaluation itself (docs/BENCHMARKS.md). The router (lib/http/lean.ts) authenticates, checks the content
// type and reads the body; everything the protocol decides is in ofrep.ts. Callbacks, not promises, on this path.
import type { StreamRegistry, StreamWriter } from "../events/streams";
import { isPromise, send, type ErrorRenderer, type LeanContext, type LeanRoute } from "../http/lean";
import { DEFAULT_MAX_BODY_BYTES } from "../http/spine";
import {
  accessDenied,
  evaluateAll,
  evaluateOne,
  OFREP_EVALUATE_PATH,
  OFREP_EVENTS_PATH,
  parseEvaluationRequest,
  refetchEvaluationMessage,
  requestFailure,
  type FlagSetView,
  type OfrepAnswer,
} from "./ofrep";
import type { IdType } from "./phash2";

export type OfrepDeps = {
  /** The in-memory flag snapshot; synchronous once loaded (lib/flags/snapshot.ts). */
  getSnapshot: () => FlagSetView | Promise<FlagSetView>;
  /** Serves OFREP_EVENTS_PATH, the stream advertised in bulk responses' eventStreams. */
  streams: StreamRegistry;
  /** Told which flags were evaluated for which id (the evaluation sample); must not block. */
  onEvaluated?: (flagKeys: Iterable<string>, targetingKey: string, idType: IdType) => void;
  maxBodyBytes?: number;
};

/** Errors in OFREP's shapes: PARSE_ERROR for bodies, `{ errorDetails }` elsewhere, the flag's key when there is one. */
export const renderOfrepError: ErrorRenderer = (error, requestId, params) => {
  const key = params.key ?? null;
  const withHeaders = (answer: OfrepAnswer): OfrepAnswer => ({
    ...answer,
    headers: { ...answer.headers, ...error.headers },
  });
  switch (error.code) {
    case "unauthenticated":
    case "forbidden":
      return accessDenied(error.status as 401 | 403, error.detail);
    case "unsupported_media_type":
    case "invalid_json":
    case "payload_too_large":
      return requestFailure(key, "PARSE_ERROR", error.detail, error.status);
    case "internal":
      return requestFailure(key, "GENERAL", `Evaluation failed on the server; quote request id ${requestId}.`, 500);
    case "unavailable":
      return withHeaders(requestFailure(key, "GENERAL", error.detail, 503));
    default:
      return withHeaders({ status: error.status, json: JSON.stringify({ errorDetails: error.detail }) });
  }
};

export function ofrepRoutes(deps: OfrepDeps): LeanRoute[] {
  const evaluation = {
    method: "POST",
    access: "evaluate",
    maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    renderError: renderOfrepError,
  } as const;
  return [
    { ...evaluation, path: OFREP_EVALUATE_PATH, handle: (context) => evaluate(deps, context, null) },
    {
      ...evaluation,
      path: `${OFREP_EVALUATE_PATH}/:key`,
      handle: (context) => evaluate(deps, context, context.params.key!),
    },
    {
      method: "GET",
      path: OFREP_EVENTS_PATH,
      access: "evaluate",
      renderError: renderOfrepError,
      handle: (context) => deps.streams.open(context, ofrepRefetchWriter()),
    },
  ];
}

/** null: the bulk endpoint; a string: the single-flag endpoint's key. */
function evaluate(deps: OfrepDeps, context: LeanContext, key: string | null): void {
  const parsed = parseEvaluationRequest(context.body!);
  const answer = (flags: FlagSetView) => {
    if (parsed.ok && parsed.subject.targetingKey && deps.onEvaluated) {
      const keys = key === null ? flags.flags.keys() : flags.flags.has(key) ? [key] : [];
      deps.onEvaluated(keys, parsed.subject.targetingKey, parsed.subject.idType);
    }
    const ifNoneMatch = context.request.headers["if-none-match"];
    const result = key === null ? evaluateAll(flags, parsed, ifNoneMatch) : evaluateOne(flags, key, parsed);
    send(context.response, result, context.requestId);
  };
  const snapshot = deps.getSnapshot();
  if (!isPromise(snapshot)) return answer(snapshot);
  snapshot.then(answer, (error: unknown) => {
    console.error(`[${context.requestId}] phasegate: no flag snapshot`, error);
    const detail = `Flags are not loaded yet (database unreachable); retry shortly. Request id ${context.requestId}.`;
    const unavailable = requestFailure(key, "GENERAL", detail, 503);
    send(context.response, { ...unavailable, headers: { "retry-after": "5" } }, context.requestId);
  });
}

/** OFREP providers only need "re-fetch now"; one message per new flag-set ETag, however many flags changed. */
export function ofrepRefetchWriter(): StreamWriter {
  let lastEtag: string | undefined;
  return (event) => {
    if (event.type !== "flag.changed" || event.etag === undefined || event.etag === lastEtag) return undefined;
    lastEtag = event.etag;
    return refetchEvaluationMessage(event.etag);
  };
}
