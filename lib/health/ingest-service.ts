// Ingestion: the lean route (ingest-http.ts) parses the batch strictly (ingest.ts); this stores it in one
// transaction (ingest-store.ts).
import "server-only";
import { now } from "../clock";
import { healthSettings } from "../env";
import { parseIngestBody, type IntervalRow } from "./ingest";
import { storeIntervalReports, type IngestResult } from "./ingest-store";

export function ingestSettings(): { now: Date; retentionDays: number } {
  return { now: now(), retentionDays: healthSettings().retentionDays };
}

export function storeIngested(rows: IntervalRow[], at: Date, retentionDays: number): Promise<IngestResult> {
  return storeIntervalReports(rows, at, retentionDays);
}

/** Parse and store in one call, as the lean route does (tests and seeds). */
export async function ingestReports(body: unknown): Promise<IngestResult> {
  const { now: at, retentionDays } = ingestSettings();
  return storeIngested(parseIngestBody(body, at, retentionDays), at, retentionDays);
}
