// Ingestion over real HTTP (the lean route) against a real database: idempotence, rollups that agree with the raw
// rows, strictness that stores nothing, daily partitions created on demand and dropped whole, and the hook that runs
// in the ingest transaction with exactly the stored reports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenCaller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { startLeanServer, type LeanServer } from "@/lib/http/testing/lean-server";
import { INGEST_PATH } from "@/lib/health/ingest-http";
import { windowsTotals, windowTotals } from "@/lib/health/metrics-store";
import { dropExpiredPartitions, ensurePartitions, partitionName } from "@/lib/health/partition-store";
import { alignedAgo, intervalReport } from "@/lib/health/testing/reports";
import { parseIngestBody } from "@/lib/health/ingest";
import { eventHub } from "@/lib/events/hub";
import { waitFor } from "@/lib/testing/wait-for";
import { storeIntervalReports } from "@/lib/health/ingest-store";

let server: LeanServer;
let headers: Record<string, string>;
beforeAll(async () => {
  headers = (await tokenCaller(["ingest"])).headers;
  server = await startLeanServer();
});
afterAll(() => server.close());

const ingest = (reports: unknown[], raw?: string) =>
  fetch(`${server.baseUrl}${INGEST_PATH}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: raw ?? JSON.stringify({ reports }),
  });
const jsonOf = <T = unknown>(response: Response) => response.json() as Promise<T>;

const counts = async () => {
  const [raw] = await db().$queryRaw<{ n: number; requests: number }[]>`
    SELECT count(*)::int AS n, coalesce(sum(requests), 0)::int AS requests FROM interval_reports`;
  const [minutes] = await db().$queryRaw<{ requests: number }[]>`
    SELECT coalesce(sum(requests), 0)::int AS requests FROM health_minutes`;
  const [codes] = await db().$queryRaw<
    { count: number }[]
  >`SELECT coalesce(sum(count), 0)::int AS count FROM error_minutes`;
  return { rows: raw!.n, requests: raw!.requests, rollupRequests: minutes!.requests, errorCodes: codes!.count };
};

describe("POST /api/v1/ingest (lean route)", () => {
  it("stores a batch, counts a retried (node, intervalStart) once, and keeps the rollups equal to the raw rows", async () => {
    const now = new Date();
    const before = await counts();
    const batch = [0, 10, 20].map((s) =>
      intervalReport({ node: "ingest-a@h", at: alignedAgo(now, 30 + s), errors: 2 }),
    );
    const first = await ingest(batch);
    expect(first.status).toBe(202);
    expect(await jsonOf(first)).toEqual({ accepted: 3, duplicates: 0 });

    // A retry of the same batch, and one with different numbers for the same interval: the first report stands.
    const changed = { ...batch[0]!, requests: 999_999 };
    expect(await jsonOf(await ingest([...batch, changed]))).toEqual({ accepted: 0, duplicates: 4 });

    const after = await counts();
    expect(after.rows - before.rows).toBe(3);
    expect(after.requests - before.requests).toBe(3000);
    expect(after.rollupRequests - before.rollupRequests).toBe(3000);
    expect(after.errorCodes - before.errorCodes).toBe(6);
  });

  it("rejects a batch with one bad item, naming the item and field, and stores nothing", async () => {
    const now = new Date();
    const before = await counts();
    const bad = {
      ...intervalReport({ node: "ingest-b@h", at: alignedAgo(now, 60) }),
      messages: { sent: 1, delivered: 2 },
    };
    const response = await ingest([intervalReport({ node: "ingest-b@h", at: alignedAgo(now, 70) }), bad]);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await jsonOf<{ invalid_params: { name: string }[] }>(response);
    expect(problem.invalid_params.map((p) => p.name)).toEqual(["body.reports.1.messages.delivered"]);
    expect(await counts()).toEqual(before);
  });

  it("answers 413 for a body over 1 MB and 400 for invalid JSON", async () => {
    expect((await ingest([], "x".repeat(1024 * 1024 + 1))).status).toBe(413);
    expect((await ingest([], "{not json")).status).toBe(400);
  });

  it("creates the partition of a day that has none, and drops whole days after the retention", async () => {
    const now = new Date();
    const sixDaysAgo = alignedAgo(now, 6 * 86_400);
    const name = partitionName(
      new Date(Date.UTC(sixDaysAgo.getUTCFullYear(), sixDaysAgo.getUTCMonth(), sixDaysAgo.getUTCDate())),
    );
    await db().$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
    const response = await ingest([intervalReport({ node: "ingest-c@h", at: sixDaysAgo })]);
    expect(await jsonOf(response)).toEqual({ accepted: 1, duplicates: 0 });

    // Ten days later with a 7-day retention, that day's partition goes, and its minute rollup stays.
    const later = new Date(now.getTime() + 10 * 86_400_000);
    await ensurePartitions(later, 7);
    const dropped = await dropExpiredPartitions(later, 7);
    expect(dropped).toContain(name);
    expect((await windowTotals(sixDaysAgo, new Date(sixDaysAgo.getTime() + 10_000))).reports).toBe(0);
    const [rollup] = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM health_minutes WHERE minute = date_trunc('minute', ${sixDaysAgo}::timestamptz)`;
    expect(rollup!.n).toBe(1);
  });
});

describe("windows over interval starts, in SQL", () => {
  it("counts a report starting exactly at the window's start and not one starting at its end", async () => {
    const end = new Date(Date.UTC(2026, 0, 1, 12, 5, 0));
    const start = new Date(end.getTime() - 300_000);
    await ensurePartitions(end, 1);
    const node = "edges@h";
    await db().$executeRawUnsafe(`DELETE FROM interval_reports WHERE node = $1`, node);
    for (const at of [new Date(start.getTime() - 1), start, new Date(end.getTime() - 1), end]) {
      await db().$executeRaw`INSERT INTO interval_reports (interval_start, node, interval_seconds, requests, errors,
        messages_sent, messages_delivered, recoveries_attempted, recoveries_succeeded, response_sum_ms, response_count,
        restarts, error_codes) VALUES (${at}, ${node}, 10, 1, 0, 0, 0, 0, 0, 0, 0, 0, '[]')`;
    }
    expect((await windowTotals(start, end)).reports).toBe(2);
    // The one-scan form the tiles and the guard use agrees, for each window it is given.
    const [five, one] = await windowsTotals([start, new Date(end.getTime() - 60_000)], end);
    expect([five!.reports, one!.reports]).toEqual([2, 1]);
  });
});

describe("storeIntervalReports' afterInsert hook", () => {
  it("runs in the ingest transaction with only the reports actually stored, and its failure stores nothing", async () => {
    const now = new Date();
    const fresh = intervalReport({ node: "hook-a@h", at: alignedAgo(now, 40) });
    const seen = intervalReport({ node: "hook-a@h", at: alignedAgo(now, 50) });
    const parse = (reports: unknown[]) => parseIngestBody({ reports }, now, 7);
    await storeIntervalReports(parse([seen]), now, 7);

    let keys: { node: string; intervalStart: Date }[] = [];
    let visibleInside = 0;
    const result = await storeIntervalReports(parse([seen, fresh]), now, 7, async (tx, inserted) => {
      keys = inserted;
      const { rows } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM interval_reports WHERE node = 'hook-a@h'`,
      );
      visibleInside = rows[0]!.n;
    });
    expect(result).toEqual({ accepted: 1, duplicates: 1 });
    expect(keys).toEqual([{ node: "hook-a@h", intervalStart: new Date(fresh.intervalStart) }]);
    expect(visibleInside).toBe(2);

    const before = await counts();
    const failing = parse([intervalReport({ node: "hook-b@h", at: alignedAgo(now, 60) })]);
    await expect(
      storeIntervalReports(failing, now, 7, async () => {
        throw new Error("the hook failed");
      }),
    ).rejects.toThrow("the hook failed");
    expect(await counts()).toEqual(before);
  });
});

describe("the health.ingested announcement", () => {
  it("reaches the event hub (and so the open pages' streams) after an ingest that stored reports", async () => {
    const seen: number[] = [];
    const unsubscribe = eventHub().subscribe((event) => {
      if (event.type === "health.ingested") seen.push(event.reports);
    });
    try {
      const response = await ingest([intervalReport({ node: "announce@h", at: alignedAgo(new Date(), 20) })]);
      expect(response.status).toBe(202);
      await waitFor("health.ingested to arrive", () => seen.length > 0, { timeoutMs: 5_000 });
      expect(seen.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    } finally {
      unsubscribe();
    }
  });
});
