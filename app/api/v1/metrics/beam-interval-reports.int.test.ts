// The Erlang client's counting API on a real BEAM node (erl, OTP 25) against Phasegate's real POST /api/v1/ingest:
// traffic counted on the node arrives as interval reports (on by default once a token is set), the metrics API
// shows exactly those numbers, restarts come from the reporter's restart counting, reports made while Phasegate is
// down arrive after it returns, and cohort labels equal Phasegate's own phash2 evaluation.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "./route";
import { personCaller, tokenCaller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { changeFlag } from "@/lib/flags/testing/change-flag";
import { isEnabledForId, percentage } from "@/lib/flags/value";
import type { HealthNowDto } from "@/lib/health/serializers";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { waitFor } from "@/lib/testing/wait-for";
import { startBeamNode, type BeamNode } from "@/lib/supervision/testing/beam-node";
import { erlangIds, erlangTermsFile } from "@/lib/supervision/testing/erlang-ids";
import { startRestartableServer, type RestartableServer } from "@/lib/supervision/testing/restartable-server";

const NODE = "counting@beam-test";
const FLAG = "use_v2_coordinator";
const PERCENT = 30;
let server: RestartableServer;
let beam: BeamNode;
let viewer: Record<string, string>;
let dir: string;

beforeAll(async () => {
  const token = (await tokenCaller(["ingest", "evaluate"])).headers.authorization!.slice("Bearer ".length);
  viewer = (await personCaller("viewer")).headers;
  await changeFlag(db(), FLAG, percentage(PERCENT));
  server = await startRestartableServer();
  dir = mkdtempSync(join(tmpdir(), "phasegate-cohorts-"));
  beam = startBeamNode({
    // No `interval_reports` here: a token alone turns them on.
    config: {
      url: server.baseUrl,
      token,
      node_name: NODE,
      roots: ["sample_root_sup"],
      snapshot_interval_ms: 500,
      flush_interval_ms: 50,
      backoff_max_ms: 300,
      interval_seconds: 1,
    },
  });
});

afterAll(async () => {
  await beam?.stop();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Totals = {
  reports: number;
  requests: number;
  errors: number;
  sent: number;
  delivered: number;
  attempted: number;
  succeeded: number;
  responses: number;
  sum_ms: number;
  restarts: number;
};

const totals = async () =>
  (
    await db().$queryRaw<Totals[]>`
      SELECT count(*)::int AS reports, coalesce(sum(requests), 0)::int AS requests,
        coalesce(sum(errors), 0)::int AS errors, coalesce(sum(messages_sent), 0)::int AS sent,
        coalesce(sum(messages_delivered), 0)::int AS delivered, coalesce(sum(recoveries_attempted), 0)::int AS attempted,
        coalesce(sum(recoveries_succeeded), 0)::int AS succeeded, coalesce(sum(response_count), 0)::int AS responses,
        coalesce(sum(response_sum_ms), 0)::float AS sum_ms, coalesce(sum(restarts), 0)::int AS restarts
      FROM interval_reports WHERE node = ${NODE}`
  )[0]!;

const tiles = async () => {
  const body = await jsonOf<HealthNowDto>(await callRoute(metricsRoute, "/api/v1/metrics", { headers: viewer }));
  return Object.fromEntries(body.tiles.map((t) => [t.metric, t.reading]));
};

/** Sums over the node's stored reports of each cohort item of FLAG, by variant. */
// Stored cohorts are the parsed rows (lib/health/ingest.ts CohortRow): response times as responseCount.
const cohortSums = async () => {
  const rows = await db().$queryRaw<{ variant: string; requests: number; errors: number; responses: number }[]>`
    SELECT c->>'variant' AS variant, sum((c->>'requests')::int)::int AS requests, sum((c->>'errors')::int)::int AS errors,
      sum((c->>'responseCount')::int)::int AS responses
    FROM interval_reports r CROSS JOIN LATERAL jsonb_array_elements(r.cohorts) c
    WHERE r.node = ${NODE} AND c->>'flag' = ${FLAG} GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.variant, r]));
};

describe("the counting API on a real node", () => {
  it("sends interval reports to the real ingest by default once a token is configured", async () => {
    // The node boots (erl, compile already done) while this waits: generous for a loaded machine.
    const first = await waitFor(
      "the node's first interval report",
      async () => {
        const t = await totals();
        return t.reports > 0 ? t : undefined;
      },
      { timeoutMs: 20_000 },
    );
    // Nothing counted yet: a heartbeat report, which is what keeps the node from being listed as stale.
    expect(first).toMatchObject({ requests: 0, errors: 0, restarts: 0 });
  });

  it("delivers exactly the counted traffic and restarts, and the metrics API shows them", async () => {
    expect(await beam.command("traffic 200 10 150 147 12 11 20")).toBe("ok");
    for (let i = 0; i < 2; i++) expect(await beam.command("kill sample_cache")).toBe("ok");
    const stored = await waitFor(
      "the counted traffic in interval reports",
      async () => {
        const t = await totals();
        return t.requests >= 200 && t.restarts >= 2 ? t : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(stored).toMatchObject({
      requests: 200,
      errors: 10,
      sent: 150,
      delivered: 147,
      attempted: 12,
      succeeded: 11,
      responses: 200,
      sum_ms: 4000,
      restarts: 2,
    });
    const errorCodes = await db().$queryRaw<{ category: string; code: string; count: number }[]>`
      SELECT e->>'category' AS category, e->>'code' AS code, sum((e->>'count')::int)::int AS count
      FROM interval_reports r CROSS JOIN LATERAL jsonb_array_elements(r.error_codes) e WHERE r.node = ${NODE} GROUP BY 1, 2`;
    expect(errorCodes).toEqual([{ category: "infrastructure", code: "database_timeout", count: 10 }]);
    const reading = await tiles();
    expect(reading.error_rate).toMatchObject({ state: "value", value: 5, samples: 200 });
    expect(reading.message_delivery_success).toMatchObject({ state: "value", value: 98, samples: 150 });
    expect(reading.state_recovery_success).toMatchObject({ state: "value", samples: 12 });
    expect((reading.state_recovery_success as { value: number }).value).toBeCloseTo((11 / 12) * 100, 6);
    expect(reading.average_response_time).toMatchObject({ state: "value", value: 20, samples: 200 });
    expect(reading.restart_frequency).toMatchObject({ state: "value", value: 2 });
  });

  it("buffers interval reports while Phasegate is down and delivers every one when it is back", async () => {
    const before = await totals();
    await server.stop();
    expect(await beam.command("traffic 50 5 0 0 0 0 10")).toBe("ok");
    await waitFor(
      "the node to hold at least two reports after failing",
      async () => {
        const m = /failures (\d+) dropped (\d+) reports (\d+)/.exec(await beam.command("outbox"));
        return m && Number(m[1]) >= 1 && Number(m[3]) >= 2;
      },
      { timeoutMs: 10_000 },
    );
    expect((await totals()).requests).toBe(before.requests);
    await server.start();
    const after = await waitFor(
      "the reports made during the outage",
      async () => {
        const t = await totals();
        return t.requests >= before.requests + 50 ? t : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(after.requests - before.requests).toBe(50);
    expect(after.errors - before.errors).toBe(5);
    expect(after.reports).toBeGreaterThan(before.reports + 1);
    expect(await beam.command("outbox")).toMatch(/dropped 0/);
  });

  it("labels 1,000 ids of each type with the cohort Phasegate's phash2 gives them", async () => {
    await waitFor(
      "the node to hold the flag",
      async () => (await beam.command(`lookup ${FLAG}`)) === `[{${FLAG},${PERCENT}}]`,
    );
    for (const idType of ["string", "integer", "atom"] as const) {
      const ids = erlangIds(idType);
      const input = join(dir, `${idType}.eterm`);
      const output = join(dir, `${idType}.out`);
      writeFileSync(input, erlangTermsFile(ids));
      expect(await beam.command(`cohort ${FLAG} ${input} ${output}`)).toBe("1000");
      const cohorts = readFileSync(output, "utf8").trim().split("\n");
      const expected = ids.map((id) => (isEnabledForId(FLAG, percentage(PERCENT), id.key, idType) ? "on" : "off"));
      expect(cohorts).toEqual(expected);
      const on = cohorts.filter((c) => c === "on").length;
      expect(on).toBeGreaterThan(200);
      expect(on).toBeLessThan(400);
    }
  });

  it("reports counts per cohort in the interval reports, as the ingest contract has them", async () => {
    const ids = erlangIds("string");
    const input = join(dir, "traffic.eterm");
    writeFileSync(input, erlangTermsFile(ids));
    const canary = ids.filter((id) => isEnabledForId(FLAG, percentage(PERCENT), id.key, "string")).length;
    expect(await beam.command(`cohort_traffic ${FLAG} ${input}`)).toBe("1000");
    const sums = await waitFor(
      "both cohorts in the stored reports",
      async () => {
        const s = await cohortSums();
        return (s.on?.requests ?? 0) + (s.off?.requests ?? 0) >= 1000 ? s : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(sums.on).toEqual({ variant: "on", requests: canary, errors: canary, responses: canary });
    expect(sums.off).toEqual({ variant: "off", requests: 1000 - canary, errors: 0, responses: 1000 - canary });
    // Cohorts never exceed the report they are in.
    const over = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM interval_reports r
      WHERE r.node = ${NODE} AND r.cohorts IS NOT NULL
        AND (SELECT sum((c->>'requests')::int) FROM jsonb_array_elements(r.cohorts) c) > r.requests`;
    expect(over[0]!.n).toBe(0);
  });
});
