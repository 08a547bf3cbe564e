// OFREP over node:http, answered on the lean path before Next.js sees the request: Next's route handlers cost
// several times the evaluation itself (docs/BENCHMARKS.md). Authentication, body limits and content type are
// checked here; everything the protocol decides is in ofrep.ts. Written with callbacks, not async/await: in the
// production process every promise is tracked by Next's async context, and per-request promises were a measurable
// share of the cost; when the authenticator and the snapshot answer synchronously, no promise is created.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  BodyTooLarge,
  isJsonContentType,
  isPromise,
  pathOf,
  readBody,
  requestIdOf,
  sendJsonText,
  type AccessDecision,
  type Authenticate,
  type LeanHandler,
} from "../http/lean";
import {
  accessDenied,
  evaluateAll,
  evaluateOne,
  OFREP_EVALUATE_PATH,
  OFREP_EVENTS_PATH,
  parseEvaluationRequest,
  requestFailure,
  type FlagSetView,
  type OfrepAnswer,
} from "./ofrep";
import type { IdType } from "./phash2";

export type OfrepDeps = {
  /** The in-memory flag snapshot; synchronous once loaded (lib/flags/snapshot.ts). */
  getSnapshot: () => FlagSetView | Promise<FlagSetView>;
  /** Who may evaluate: bearer or X-API-Key token with the evaluate scope, or anonymous when configured. */
  authenticate: Authenticate;
  /** Serves OFREP_EVENTS_PATH, the stream advertised in bulk responses' eventStreams. */
  eventStream?: LeanHandler;
  /** Told which flags were evaluated for which id (the evaluation sample); must not block. */
  onEvaluated?: (flagKeys: Iterable<string>, targetingKey: string, idType: IdType) => void;
  maxBodyBytes?: number;
};

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const SINGLE_PREFIX = `${OFREP_EVALUATE_PATH}/`;

export function createOfrepHandler(deps: OfrepDeps): LeanHandler {
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  return function handleOfrep(request, response) {
    const url = request.url;
    if (url === undefined || !url.startsWith("/ofrep/")) return false;
    const path = pathOf(url);
    if (path === OFREP_EVENTS_PATH && deps.eventStream) return deps.eventStream(request, response);
    const requestId = requestIdOf(request.headers);

    // null: the bulk endpoint; a string: the single-flag endpoint's key.
    let key: string | null;
    if (path === OFREP_EVALUATE_PATH) key = null;
    else if (path.startsWith(SINGLE_PREFIX) && path.length > SINGLE_PREFIX.length)
      key = decodeKey(path.slice(SINGLE_PREFIX.length));
    else {
      send(
        response,
        { status: 404, json: JSON.stringify({ errorDetails: `There is no OFREP endpoint ${path}.` }) },
        requestId,
      );
      return true;
    }
    if (request.method !== "POST") {
      send(
        response,
        { status: 405, json: '{"errorDetails":"OFREP evaluation takes POST."}', headers: { allow: "POST" } },
        requestId,
      );
      return true;
    }
    new Evaluation(deps, maxBodyBytes, request, response, key, requestId).start();
    return true;
  };
}

/** One evaluation request, step by step: authenticate, read the body, evaluate against the snapshot, answer. */
class Evaluation {
  constructor(
    private readonly deps: OfrepDeps,
    private readonly maxBodyBytes: number,
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly key: string | null,
    private readonly requestId: string,
  ) {}

  start(): void {
    try {
      const access = this.deps.authenticate(this.request.headers);
      if (isPromise(access))
        access.then(
          (decision) => this.afterAccess(decision),
          (error: unknown) => this.fail(error),
        );
      else this.afterAccess(access);
    } catch (error) {
      this.fail(error);
    }
  }

  private afterAccess(access: AccessDecision): void {
    if (!access.ok) return this.send(accessDenied(access.status, access.detail));
    const contentType = this.request.headers["content-type"];
    if (!isJsonContentType(contentType)) {
      const got = contentType ? ` (got "${contentType}")` : "";
      return this.send(
        requestFailure(this.key, "PARSE_ERROR", `Send the body as JSON with "Content-Type: application/json"${got}.`),
      );
    }
    readBody(this.request, this.maxBodyBytes, (error, text) => {
      if (!error) return this.evaluate(text);
      if (!(error instanceof BodyTooLarge)) return this.fail(error);
      // Close the connection rather than read the rest of an oversized body.
      const tooLarge = requestFailure(this.key, "PARSE_ERROR", error.message, 413);
      this.send({ ...tooLarge, headers: { connection: "close" } });
    });
  }

  private evaluate(text: string): void {
    try {
      const parsed = parseEvaluationRequest(text);
      const answer = (flags: FlagSetView) => {
        if (parsed.ok && parsed.subject.targetingKey && this.deps.onEvaluated) {
          this.deps.onEvaluated(
            this.key === null ? flags.flags.keys() : flags.flags.has(this.key) ? [this.key] : [],
            parsed.subject.targetingKey,
            parsed.subject.idType,
          );
        }
        const ifNoneMatch = this.request.headers["if-none-match"];
        this.send(this.key === null ? evaluateAll(flags, parsed, ifNoneMatch) : evaluateOne(flags, this.key, parsed));
      };
      const snapshot = this.deps.getSnapshot();
      if (!isPromise(snapshot)) return answer(snapshot);
      snapshot.then(answer, (error: unknown) => {
        console.error(`[${this.requestId}] phasegate: no flag snapshot`, error);
        const detail = `Flags are not loaded yet (database unreachable); retry shortly. Request id ${this.requestId}.`;
        this.send(requestFailure(this.key, "GENERAL", detail, 500));
      });
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    console.error(`[${this.requestId}] phasegate: OFREP ${this.request.url} failed`, error);
    if (this.response.headersSent) this.response.destroy();
    else
      this.send(
        requestFailure(
          this.key,
          "GENERAL",
          `Evaluation failed on the server; quote request id ${this.requestId}.`,
          500,
        ),
      );
  }

  private send(answer: OfrepAnswer): void {
    send(this.response, answer, this.requestId);
  }
}

function send(response: ServerResponse, answer: OfrepAnswer, requestId: string): void {
  const headers = answer.headers ?? {};
  headers["x-request-id"] = requestId;
  sendJsonText(response, answer.status, answer.json, headers);
}

/** A key that is not valid percent-encoding names no flag; it is reported as not found, in its raw form. */
function decodeKey(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
