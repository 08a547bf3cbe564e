import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { SYSTEM_ACTOR, recordAudit } from "./record";

describe("the audit table", () => {
  it("accepts inserts", async () => {
    const event = await db().$transaction((tx) =>
      recordAudit(tx, {
        actor: SYSTEM_ACTOR,
        action: "test.recorded",
        target: { type: "test" },
        reason: "insert works",
      }),
    );
    expect(event.id).toBeGreaterThan(0n);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    await expect(db().$executeRawUnsafe(`UPDATE audit_events SET reason = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    expect(await db().auditEvent.count({ where: { reason: "rewritten" } })).toBe(0);
    expect(await db().auditEvent.count()).toBeGreaterThan(0);
  });
});
