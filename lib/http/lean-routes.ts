// The lean route table: what the custom server answers itself, before Next.js. OFREP evaluation reads the
// in-memory flag snapshot; the live streams follow the hub, which NOTIFY and the snapshot feed. Each entry is a
// declaration (method, path, access, body limit, error shape, handler) run through the spine in lean.ts.
import type { IncomingHttpHeaders } from "node:http";
import { principalFromHeaders } from "../auth/authenticate";
import { stopTokenStore } from "../auth/token-store";
import { stopNotifyListener } from "../db/notify";
import { anonymousEvaluationAllowed } from "../env";
import { startEventFeed, stopEventFeed } from "../events/feed";
import { eventHub } from "../events/hub";
import { createStreamRegistry, dashboardWriter, type StreamRegistry } from "../events/streams";
import { evaluatedIdsSampler } from "../flags/evaluated-ids-store";
import { ofrepRoutes, renderOfrepError } from "../flags/ofrep-http";
import { healthIngestRoutes } from "../health/ingest-http";
import { ingestSettings, storeIngested } from "../health/ingest-service";
import { flagSnapshotNowOrSoon, getFlagSnapshot, stopFlagSnapshot } from "../flags/snapshot-store";
import { supervisionIngestRoutes } from "../supervision/ingest-http";
import { storeFlagSync, storeRestarts, storeSnapshot } from "../supervision/ingest-service";
import { createLeanRouter, type LeanHandler, type LeanRoute } from "./lean";

export const EVENTS_PATH = "/api/v1/events";

export type LeanRoutes = {
  handle: LeanHandler;
  /** The declarations, for the authorization matrix and the docs. */
  routes: readonly LeanRoute[];
  close(): Promise<void>;
};

export function dashboardStreamRoute(streams: StreamRegistry): LeanRoute {
  return {
    method: "GET",
    path: EVENTS_PATH,
    access: "read",
    handle: (context) => streams.open(context, dashboardWriter(context.principal)),
  };
}

export async function startLeanRoutes(): Promise<LeanRoutes> {
  // Load the snapshot now, so the first evaluation is not the one that waits, and flag changes reach the streams
  // even before anyone evaluates. A failure here is retried by the first request.
  await getFlagSnapshot().catch((error: unknown) => console.error("phasegate: could not load the flags yet", error));
  startEventFeed();
  const streams = createStreamRegistry({ hub: eventHub() });
  const sampler = evaluatedIdsSampler();
  const routes: LeanRoute[] = [
    ...ofrepRoutes({
      getSnapshot: flagSnapshotNowOrSoon,
      streams,
      onEvaluated: (keys, targetingKey, idType) => sampler.recordMany(keys, targetingKey, idType),
    }),
    dashboardStreamRoute(streams),
    ...supervisionIngestRoutes({ storeSnapshot, storeRestarts, storeFlagSync }),
    ...healthIngestRoutes({ settings: ingestSettings, store: storeIngested }),
  ];
  const handle = createLeanRouter({
    routes,
    families: [{ prefix: "/ofrep/", renderError: renderOfrepError }],
    authenticate: (headers: IncomingHttpHeaders) => principalFromHeaders((name) => single(headers[name])),
    anonymousEvaluation: anonymousEvaluationAllowed,
  });

  return {
    handle,
    routes,
    async close() {
      streams.close();
      stopEventFeed();
      stopFlagSnapshot();
      stopTokenStore();
      await sampler.stop();
      await stopNotifyListener();
    },
  };
}

function single(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
