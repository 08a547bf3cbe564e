// Ingestion: the lean route (ingest-http.ts) parses the batch strictly (ingest.ts); this stores it in one
// transaction (ingest-store.ts) and announces, coalesced to once a second per instance, that reports arrived
// (health.ingested: the tiles and charts refresh on it; a guard acting on one evaluation wakes on it). Cohort
// rollups (lib/canary/cohort-store.ts) are kept in the same transaction, for exactly the reports that were new.
import "server-only";
import { cohortRollup } from "../canary/cohort-store";
import { now } from "../clock";
import { db } from "../db/client";
import { notifyInTransaction } from "../db/notify";
import { healthSettings } from "../env";
import { makeEvent } from "../events/vocabulary";
import { processSingleton } from "../process-singleton";
import { parseIngestBody, type IntervalRow } from "./ingest";
import { createAnnouncer } from "./ingest-announcer";
import { storeIntervalReports, type IngestResult } from "./ingest-store";

export function ingestSettings(): { now: Date; retentionDays: number } {
  return { now: now(), retentionDays: healthSettings().retentionDays };
}

const announcer = () =>
  processSingleton("healthIngestAnnouncer", () =>
    createAnnouncer({
      // Outside the ingest transaction: the reports are committed; a lost announcement costs one slow refresh.
      send: (reports) =>
        void notifyInTransaction(db(), makeEvent("health.ingested", { reports })).catch((error: unknown) =>
          console.error("phasegate: could not announce ingested reports", error),
        ),
    }),
  );

export async function storeIngested(rows: IntervalRow[], at: Date, retentionDays: number): Promise<IngestResult> {
  const result = await storeIntervalReports(rows, at, retentionDays, cohortRollup(rows));
  announcer().record(result.accepted);
  return result;
}

/** Parse and store in one call, as the lean route does (tests and seeds). */
export async function ingestReports(body: unknown): Promise<IngestResult> {
  const { now: at, retentionDays } = ingestSettings();
  return storeIngested(parseIngestBody(body, at, retentionDays), at, retentionDays);
}
