import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { ensureInitialAdmin } from "./bootstrap-service";
import { loginInfo, login } from "./session-service";

describe("the first admin", () => {
  it("is created once, with the demo password on the embedded database, which the login page then shows", async () => {
    const first = await ensureInitialAdmin(db(), { embeddedDemo: true });
    expect(first).toMatchObject({ created: true, username: "admin", source: "demo", password: "phasegate-demo" });
    expect((await ensureInitialAdmin(db(), { embeddedDemo: true })).created).toBe(false);
    expect(await db().user.count()).toBe(1);
    expect((await loginInfo(true)).demo).toEqual({ username: "admin", password: "phasegate-demo" });
    expect((await loginInfo(false)).demo).toBeNull();
    const signedIn = await login({
      username: "admin",
      password: "phasegate-demo",
      clientIp: "t",
      userAgent: null,
      requestId: "t",
    });
    expect(signedIn.session.user.role).toBe("admin");
    await db().user.update({ where: { username: "admin" }, data: { usesDemoPassword: false } });
    expect((await loginInfo(true)).demo).toBeNull();
    expect(await db().auditEvent.count({ where: { action: "user.created", actorType: "system" } })).toBe(1);
  });
});
