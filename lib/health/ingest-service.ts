// Ingestion: parse the batch strictly (ingest.ts), then store it in one statement (ingest-store.ts), with the cohort
// rollups (lib/canary/cohort-store.ts) in the same transaction when the batch carries cohorts.
import "server-only";
import { cohortRollup } from "../canary/cohort-store";
import { now } from "../clock";
import { healthSettings } from "../env";
import { parseIngestBody } from "./ingest";
import { storeIntervalReports, type IngestResult } from "./ingest-store";

export async function ingestReports(body: unknown): Promise<IngestResult> {
  const at = now();
  const { retentionDays } = healthSettings();
  const rows = parseIngestBody(body, at, retentionDays);
  // Cohort rollups are kept in the same transaction, for exactly the reports that were new (never a retry's).
  return storeIntervalReports(rows, at, retentionDays, cohortRollup(rows));
}
