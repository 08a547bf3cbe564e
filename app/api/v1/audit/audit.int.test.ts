import { describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as exportRoute from "@/app/api/v1/audit/export/route";
import { personCaller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { SYSTEM_ACTOR, recordAudit } from "@/lib/audit/record";
import type { AuditPage } from "@/lib/audit/serializers";

async function seed(count: number) {
  await db().$transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      await recordAudit(tx, {
        actor: i % 2 ? SYSTEM_ACTOR : { type: "user", id: null, label: "ops-anna" },
        action: i % 3 ? "flag.changed" : "phase.advanced",
        target: { type: i % 3 ? "flag" : "phase", id: i % 3 ? `flag_${i}` : String(i) },
        after: { n: i },
        reason: i === 7 ? 'contains, "quotes"\nand a newline' : `step ${i}`,
      });
    }
  });
}

describe("the audit trail API", () => {
  it("filters by actor, action, target and time, newest first, paginated by cursor", async () => {
    await seed(30);
    const viewer = await personCaller("viewer");
    const page = (query: Record<string, string>) =>
      callRoute(auditRoute.GET, "/api/v1/audit", { query, headers: viewer.headers }).then((r) => jsonOf<AuditPage>(r));

    const first = await page({ actor: "ops-anna", action: "flag.changed", limit: "4" });
    expect(first.events).toHaveLength(4);
    expect(first.events.every((e) => e.actor.label === "ops-anna" && e.action === "flag.changed")).toBe(true);
    const ids = first.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const second = await page({ actor: "ops-anna", action: "flag.changed", limit: "4", cursor: first.nextCursor! });
    expect(Number(second.events[0]!.id)).toBeLessThan(ids[ids.length - 1]!);

    const one = await page({ target: "flag:flag_7" });
    expect(one.events.map((e) => e.target.id)).toEqual(["flag_7"]);
    expect((await page({ action: "phase.*" })).events.every((e) => e.action === "phase.advanced")).toBe(true);
    expect((await page({ to: "2000-01-01T00:00:00Z" })).events).toEqual([]);
  });

  it("rejects malformed filters with the field named", async () => {
    const viewer = await personCaller("viewer");
    const response = await callRoute(auditRoute.GET, "/api/v1/audit", {
      query: { from: "yesterday" },
      headers: viewer.headers,
    });
    expect(response.status).toBe(400);
    expect((await jsonOf<{ invalid_params: { name: string }[] }>(response)).invalid_params[0]!.name).toBe("query.from");
  });

  it("exports the filtered trail as CSV and as JSON", async () => {
    const viewer = await personCaller("viewer");
    const total = await db().auditEvent.count({ where: { action: "flag.changed" } });
    const csv = await callRoute(exportRoute.GET, "/api/v1/audit/export", {
      query: { action: "flag.changed", format: "csv" },
      headers: viewer.headers,
    });
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="phasegate-audit-.*\.csv"/);
    const text = await csv.text();
    expect(text.startsWith("id,at,actor_type,")).toBe(true);
    expect(text).toContain('"contains, ""quotes""\nand a newline"');
    const json = await callRoute(exportRoute.GET, "/api/v1/audit/export", {
      query: { action: "flag.changed", format: "json" },
      headers: viewer.headers,
    });
    const events = (await json.json()) as { action: string }[];
    expect(events).toHaveLength(total);
    expect(events.every((e) => e.action === "flag.changed")).toBe(true);
  });
});
