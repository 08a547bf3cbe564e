// Canary analysis wired into the product, against a real database, time moved with the injectable clock: cohort
// validation, rollups kept once per new report, the guard rolling back on a canary the global thresholds cannot see,
// insufficient data holding the gate without ever rolling back, and audited policies.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
vi.hoisted(() => {
  Object.assign(process.env, {
    PHASEGATE_TEST_CLOCK: "1",
    PHASEGATE_GUARD_CONSECUTIVE: "3",
    PHASEGATE_GUARD_COOLDOWN_SECONDS: "600",
  });
});
import * as canaryRoute from "@/app/api/v1/canary/route";
import * as policyRoute from "@/app/api/v1/canary/policies/[metric]/route";
import { personCaller, tokenCaller } from "@/lib/auth/testing/principals";
import { SYSTEM_ACTOR } from "@/lib/audit/record";
import { advanceClock, now } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { acknowledgeFreeze, evaluateGuardOnce } from "@/lib/health/guard-service";
import { ingestReports } from "@/lib/health/ingest-service";
import { intervalStarts, simulateInterval, type Scenario } from "@/lib/health/simulator";
import { alignedAgo, intervalReport } from "@/lib/health/testing/reports";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { startLeanServer, type LeanServer } from "@/lib/http/testing/lean-server";
import { INGEST_PATH } from "@/lib/health/ingest-http";
import { transition } from "@/lib/rollout/transition-service";
import { cohortTotals, cohortTotalsFromRaw } from "@/lib/canary/cohort-store";
import type { CanaryOverviewDto } from "@/lib/canary/serializers";

const admin = { actor: SYSTEM_ACTOR, requestId: "canary-test", mayOverride: true };
const rollout = () => db().rolloutState.findUniqueOrThrow({ where: { id: 1 } });
const autoRollbacks = () => db().auditEvent.count({ where: { action: "rollout.auto_rollback" } });

async function atPhase(phase: number) {
  if ((await rollout()).status === "frozen") await acknowledgeFreeze("canary test", SYSTEM_ACTOR, "canary-test");
  if ((await rollout()).currentPhase === null) await transition("start", { reason: "canary test" }, admin);
  while ((await rollout()).currentPhase! < phase)
    await transition("advance", { reason: "canary test", override: true }, admin);
  // Traffic of the current split only counts from the first whole minute after the phase began.
  advanceClock(6 * 60_000);
}

/** Five minutes of a scenario ending now, v2 at the flag's current percentage, ids split with phash2. */
async function report(scenario: Scenario, nodes = 5) {
  const flag = await db().flag.findUniqueOrThrow({ where: { key: "use_v2_coordinator" } });
  const v2 =
    flag.kind === "percentage" ? { kind: "percentage" as const, percentage: flag.percentage! } : { kind: flag.kind };
  const reports = intervalStarts(now(), 300, 10).flatMap((at) =>
    simulateInterval(scenario, nodes, at, 10, v2, { cohorts: true }),
  );
  await ingestReports({ reports });
  return reports;
}

// POST /api/v1/ingest is a lean route: served here by a real node:http server.
let lean: LeanServer;
beforeAll(async () => {
  lean = await startLeanServer();
});
afterAll(() => lean.close());

const ingest = async (reports: unknown[]) => {
  const caller = await tokenCaller(["ingest"]);
  return fetch(`${lean.baseUrl}${INGEST_PATH}`, {
    method: "POST",
    headers: { ...caller.headers, "content-type": "application/json" },
    body: JSON.stringify({ reports }),
  });
};

const cohort = (variant: "on" | "off", requests: number, errors = 0) => ({
  flag: "use_v2_coordinator",
  variant,
  requests,
  errors,
  messages: { sent: 10, delivered: 10 },
  recoveries: { attempted: 2, succeeded: 2 },
  responseTime: { buckets: [{ leMs: 50, count: requests }] },
  restarts: 0,
});

describe("cohort telemetry", () => {
  it("refuses cohorts that exceed the report's totals or repeat a (flag, variant), naming the field, storing nothing", async () => {
    const at = alignedAgo(new Date(now()), 60);
    const before = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM interval_reports`;
    const over = await ingest([
      {
        ...intervalReport({ node: "cohort-bad@test", at, requests: 100 }),
        cohorts: [cohort("on", 60), cohort("off", 50)],
      },
    ]);
    expect(over.status).toBe(400);
    expect(await jsonOf(over)).toMatchObject({
      invalid_params: expect.arrayContaining([
        { name: "body.reports.0.cohorts.1.requests", reason: expect.stringContaining("sum to 110") },
      ]),
    });
    const errors = await ingest([
      {
        ...intervalReport({ node: "cohort-bad@test", at, requests: 100, errors: 1 }),
        cohorts: [cohort("on", 10, 2)],
      },
    ]);
    expect(await jsonOf(errors)).toMatchObject({ invalid_params: [{ name: "body.reports.0.cohorts.0.errors" }] });
    const twice = await ingest([
      {
        ...intervalReport({ node: "cohort-bad@test", at, requests: 100 }),
        cohorts: [cohort("on", 10), cohort("on", 10)],
      },
    ]);
    expect(twice.status).toBe(400);
    expect(await jsonOf(twice)).toMatchObject({
      invalid_params: [{ name: "body.reports.0.cohorts.1.variant", reason: expect.stringContaining("duplicates") }],
    });
    const after = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM interval_reports`;
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await db().cohortMinute.count({ where: { flag: "use_v2_coordinator", minute: { gte: at } } })).toBe(0);
  });

  it("adds each new report to the cohort rollups once: a retried batch and a repeated report are not counted twice", async () => {
    const since = new Date(Math.ceil(now().getTime() / 60_000) * 60_000 + 60_000);
    const report = (s: number) => ({
      ...intervalReport({
        node: "cohort-dup@test",
        at: new Date(since.getTime() + s * 1000),
        requests: 100,
        errors: 3,
      }),
      cohorts: [cohort("on", 10, 2), cohort("off", 90, 1)],
    });
    advanceClock(3 * 60_000);
    const batch = [report(0), report(10), report(10), report(70)];
    expect(await jsonOf(await ingest(batch))).toEqual({ accepted: 3, duplicates: 1 });
    expect(await jsonOf(await ingest(batch))).toEqual({ accepted: 0, duplicates: 4 });
    const until = now();
    const rollup = await cohortTotals("use_v2_coordinator", since, until);
    expect(rollup.canary).toMatchObject({ requests: 30, errors: 6, messagesSent: 30, responseCount: 30 });
    expect(rollup.canary.responseBuckets).toEqual([{ leMs: 50, count: 30 }]);
    expect(rollup.control).toMatchObject({ requests: 270, errors: 3 });
    const raw = await cohortTotalsFromRaw("use_v2_coordinator", since, until);
    expect({ ...raw.canary, responseBuckets: null }).toEqual({ ...rollup.canary, responseBuckets: null });
    expect(raw.control.requests).toBe(rollup.control.requests);
  });
});

describe("the guard with the canary judge", () => {
  it("rolls back subtle-canary at phase 4 while every global threshold stays green, with the cohort comparison as evidence", async () => {
    await atPhase(4);
    expect((await db().flag.findUniqueOrThrow({ where: { key: "use_v2_coordinator" } })).percentage).toBe(10);
    const before = await autoRollbacks();
    await report("subtle-canary");
    const run = await evaluateGuardOnce(now());
    expect(run.action).toBe("rolled_back");
    expect(run.verdict).toBe("canary_regressed");
    expect(run.reason).toMatch(/canary use_v2_coordinator error_rate regressed/);
    expect((await rollout()).currentPhase).toBe(3);
    expect(await autoRollbacks()).toBe(before + 1);

    const record = await db().guardRun.findFirstOrThrow({ orderBy: { id: "desc" } });
    // The global error rate (about 2.9 %) is under the 5 % threshold: the threshold guard saw nothing.
    const readings = record.readings as Record<string, [string, number | null, number, number]>;
    expect(readings.error_rate![0]).toBe("ok");
    expect(readings.error_rate![1]).toBeGreaterThan(2);
    expect(readings.error_rate![1]).toBeLessThan(5);
    const compact = record.canary as Record<string, Record<string, [string, number, number, number, number, number]>>;
    const [verdict, estimate, lower, , canarySamples, controlSamples] = compact.use_v2_coordinator!.error_rate!;
    expect(verdict).toBe("regressed");
    expect(lower).toBeGreaterThan(1.5); // the largest acceptable degradation of the default policy
    expect(estimate).toBeGreaterThan(10); // 20 % against 1 %
    expect(controlSamples).toBeGreaterThan(canarySamples * 5); // 10 % of the ids are canaries

    const guard = await db().guardState.findUniqueOrThrow({ where: { id: 1 } });
    expect(guard.frozenEvidence).toMatchObject({
      violations: [],
      canary: [
        {
          flag: "use_v2_coordinator",
          overall: "regressed",
          verdicts: expect.arrayContaining([
            expect.objectContaining({
              metric: "error_rate",
              verdict: "regressed",
              effect: expect.objectContaining({ kind: "ratio", lower: expect.any(Number) }),
              canarySamples: expect.any(Number),
              controlSamples: expect.any(Number),
            }),
          ]),
        },
      ],
    });
    expect(await db().alert.count({ where: { kind: "canary", title: { contains: "error_rate" } } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "canary.regressed" } })).toBe(1);
  });

  it("insufficient data holds the health gate and never rolls back", async () => {
    await atPhase(4);
    const before = await autoRollbacks();
    // A-A traffic from one node for five minutes: canary equal to control, far too little to decide.
    await report("a-a", 1);
    for (let i = 0; i < 5; i++) expect((await evaluateGuardOnce(now())).action).toBe("none");
    expect(await autoRollbacks()).toBe(before);
    expect((await rollout()).currentPhase).toBe(4);
    const refused = transition("advance", { reason: "too early" }, { ...admin, mayOverride: false });
    await expect(refused).rejects.toMatchObject({
      detail: expect.stringMatching(/Canary against control not decided/),
    });

    const viewer = await personCaller("viewer");
    const overview = await jsonOf<CanaryOverviewDto>(
      await callRoute(canaryRoute.GET, "/api/v1/canary", { headers: viewer.headers }),
    );
    const v2 = overview.flags.find((f) => f.flag === "use_v2_coordinator")!;
    expect(v2.percentage).toBe(10);
    expect(v2.verdicts.some((v) => v.verdict === "insufficient_data")).toBe(true);
    expect(v2.series.length).toBeGreaterThan(0);
  });
});

describe("canary policies", () => {
  it("admins change a metric's policy through the write path, audited with before and after; bad input is a 400", async () => {
    const person = await personCaller("admin");
    const path = "/api/v1/canary/policies/error_rate";
    const body = { enabled: true, maxDegradation: 2, alpha: 0.005, minSamples: 500, reason: "fewer false alarms" };
    const response = await callRoute(policyRoute.PUT, path, {
      params: { metric: "error_rate" },
      body,
      headers: person.headers,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const event = await db().auditEvent.findFirstOrThrow({
      where: { action: "canary.policy_changed" },
      orderBy: { id: "desc" },
    });
    expect(event).toMatchObject({
      targetId: "error_rate",
      reason: "fewer false alarms",
      before: { maxDegradation: 1.5, alpha: 0.01, minSamples: 200 },
      after: { maxDegradation: 2, alpha: 0.005, minSamples: 500 },
    });
    const bad = await callRoute(policyRoute.PUT, path, {
      params: { metric: "error_rate" },
      body: { ...body, maxDegradation: 0.5 },
      headers: person.headers,
    });
    expect(bad.status).toBe(400);
    expect(await jsonOf(bad)).toMatchObject({ invalid_params: [{ name: "body.maxDegradation" }] });
    expect(await db().canaryPolicy.findUniqueOrThrow({ where: { metric: "error_rate" } })).toMatchObject({
      maxDegradation: 2,
    });
  });
});
