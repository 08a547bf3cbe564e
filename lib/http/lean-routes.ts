// What the custom server answers itself, before Next.js: OFREP evaluation and the live event streams. Flag
// evaluation reads the in-memory snapshot; the streams follow the hub, which NOTIFY and the snapshot feed.
import type { ServerResponse } from "node:http";
import { stopNotifyListener } from "../../lib/db/notify";
import { startEventFeed, stopEventFeed } from "../../lib/events/feed";
import { eventHub } from "../../lib/events/hub";
import { EVENTS } from "../../lib/events/vocabulary";
import { createEventStreamHandler, phasegateFrame, type FrameWriter } from "../../lib/events/sse-http";
import { evaluatedIdsSampler } from "../../lib/flags/evaluated-ids";
import { createOfrepHandler } from "../../lib/flags/ofrep-http";
import { accessDenied, OFREP_EVENTS_PATH, refetchEvaluationMessage } from "../../lib/flags/ofrep";
import { flagSnapshotNowOrSoon, getFlagSnapshot, stopFlagSnapshot } from "../../lib/flags/snapshot";
import { AppError } from "../../lib/http/errors";
import {
  requestIdOf,
  sendJson,
  sendJsonText,
  type AccessDecision,
  type Authenticate,
  type LeanHandler,
} from "../../lib/http/lean";
import { problemBody } from "../../lib/http/problem";

export const EVENTS_PATH = "/api/v1/events";

export type LeanRoutes = { handle: LeanHandler; close(): Promise<void> };

export async function startLeanRoutes(authenticate: Authenticate): Promise<LeanRoutes> {
  // Load the snapshot now, so the first evaluation is not the one that waits, and flag changes reach the streams
  // even before anyone evaluates. A failure here is retried by the first request.
  await getFlagSnapshot().catch((error: unknown) => console.error("phasegate: could not load the flags yet", error));
  startEventFeed();
  const hub = eventHub();

  const ofrepEvents = createEventStreamHandler({
    path: OFREP_EVENTS_PATH,
    hub,
    authenticate,
    createWriter: ofrepRefetchWriter,
    deny: (response, decision) => {
      const answer = accessDenied(decision.status, decision.detail);
      sendJsonText(response, answer.status, answer.json, answer.headers);
    },
  });
  const events = createEventStreamHandler({
    path: EVENTS_PATH,
    hub,
    authenticate,
    // Until streams know their caller: only what every reader of the dashboard may see.
    createWriter: () => (event) =>
      EVENTS[event.type].audience === "read" || EVENTS[event.type].audience === "evaluate"
        ? phasegateFrame(event)
        : undefined,
    deny: denyWithProblem,
  });
  const sampler = evaluatedIdsSampler();
  const ofrep = createOfrepHandler({
    getSnapshot: flagSnapshotNowOrSoon,
    authenticate,
    eventStream: ofrepEvents,
    onEvaluated: (keys, targetingKey, idType) => sampler.recordMany(keys, targetingKey, idType),
  });

  return {
    handle: (request, response) => ofrep(request, response) || events(request, response),
    async close() {
      ofrepEvents.close();
      events.close();
      stopEventFeed();
      stopFlagSnapshot();
      await sampler.stop();
      await stopNotifyListener();
    },
  };
}

/** OFREP providers only need "re-fetch now"; one message per new flag-set ETag, however many flags changed. */
function ofrepRefetchWriter(): FrameWriter {
  let lastEtag: string | undefined;
  return (event) => {
    if (event.type !== "flag.changed" || typeof event.etag !== "string" || event.etag === lastEtag) return undefined;
    lastEtag = event.etag;
    return refetchEvaluationMessage(event.etag);
  };
}

function denyWithProblem(response: ServerResponse, decision: Extract<AccessDecision, { ok: false }>): void {
  const requestId = requestIdOf(response.req.headers);
  const error = new AppError(decision.status === 401 ? "unauthenticated" : "forbidden", decision.detail);
  sendJson(
    response,
    error.status,
    problemBody(error, requestId),
    { "x-request-id": requestId },
    "application/problem+json",
  );
}
