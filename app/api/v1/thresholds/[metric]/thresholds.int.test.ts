// Thresholds through their route: admins change them with a reason (audited, announced), bad input names the field.
import { describe, expect, it } from "vitest";
import * as thresholdRoute from "@/app/api/v1/thresholds/[metric]/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import { personCaller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import type { HealthNowDto } from "@/lib/health/serializers";

const put = async (metric: string, body: unknown) =>
  callRoute(thresholdRoute.PUT, `/api/v1/thresholds/${metric}`, {
    method: "PUT",
    params: { metric },
    body,
    headers: (await personCaller("admin")).headers,
  });

describe("PUT /api/v1/thresholds/{metric}", () => {
  it("adds the optional response-time threshold with its minimum samples, audited with the reason", async () => {
    const response = await put("average_response_time", {
      comparison: "above",
      value: 250,
      enabled: true,
      minSamples: 500,
      reason: "p50 budget",
    });
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toMatchObject({ metric: "average_response_time", unit: "ms", minSamples: 500 });
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "threshold.changed", targetId: "average_response_time" },
    });
    expect(audit).toMatchObject({ reason: "p50 budget", before: null, after: { value: 250, minSamples: 500 } });

    const now = await jsonOf<HealthNowDto>(
      await callRoute(metricsRoute.GET, "/api/v1/metrics", { headers: (await personCaller("viewer")).headers }),
    );
    const tile = now.tiles.find((t) => t.metric === "average_response_time")!;
    expect(tile).toMatchObject({ verdict: "no_data", reading: { state: "no_data", minSamples: 500 } });
  });

  it("refuses an unknown metric and a bad minimum, naming the field, and changes nothing", async () => {
    const before = await db().auditEvent.count({ where: { action: "threshold.changed" } });
    const unknown = await put("happiness", {
      comparison: "above",
      value: 1,
      enabled: true,
      minSamples: 1,
      reason: "x",
    });
    expect(unknown.status).toBe(400);
    const bad = await put("error_rate", { comparison: "above", value: 5, enabled: true, minSamples: 0, reason: "x" });
    expect(((await jsonOf(bad)) as { invalid_params: { name: string }[] }).invalid_params[0]!.name).toBe(
      "body.minSamples",
    );
    expect(await db().auditEvent.count({ where: { action: "threshold.changed" } })).toBe(before);
  });
});
