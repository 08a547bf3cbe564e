// Ingestion: parse the batch strictly (ingest.ts), then store it in one statement (ingest-store.ts).
import "server-only";
import { now } from "../clock";
import { healthSettings } from "../env";
import { parseIngestBody } from "./ingest";
import { storeIntervalReports, type IngestResult } from "./ingest-store";

export async function ingestReports(body: unknown): Promise<IngestResult> {
  const at = now();
  const { retentionDays } = healthSettings();
  return storeIntervalReports(parseIngestBody(body, at, retentionDays), at, retentionDays);
}
