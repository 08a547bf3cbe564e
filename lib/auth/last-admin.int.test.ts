// The last active admin cannot be disabled or demoted, even when two admins act on each other at the same moment.
import { describe, expect, it } from "vitest";
import type { AuditActor } from "../audit/record";
import { db } from "../db/client";
import { AppError } from "../http/errors";
import { createPerson } from "./testing/principals";
import { updateUser } from "./user-service";

const actorOf = (user: { id: string; username: string }): AuditActor => ({
  type: "user",
  id: user.id,
  label: user.username,
});

describe("the last active admin, under concurrent changes", () => {
  it("two admins disabling (or demoting) each other at once: exactly one succeeds, one admin stays", async () => {
    for (let round = 0; round < 6; round++) {
      await db().user.updateMany({ where: { role: "admin" }, data: { disabled: true } });
      const [a, b] = [await createPerson("admin"), await createPerson("admin")];
      const results = await Promise.allSettled([
        updateUser(b.id, { disabled: true }, actorOf(a), `race-${round}-a`),
        updateUser(a.id, round % 2 ? { role: "viewer" } : { disabled: true }, actorOf(b), `race-${round}-b`),
      ]);
      const refused = results.filter((r) => r.status === "rejected");
      expect(refused, `round ${round}`).toHaveLength(1);
      const reason = (refused[0] as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(AppError);
      expect((reason as AppError).code).toBe("conflict");
      expect(await db().user.count({ where: { role: "admin", disabled: false } }), `round ${round}`).toBe(1);
    }
  });
});
