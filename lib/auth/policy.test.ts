import { describe, expect, it } from "vitest";
import { ROLES, can, roleCan, type Principal } from "./policy";

const user = (role: "viewer" | "operator" | "admin"): Principal => ({
  kind: "user",
  userId: "u",
  username: role,
  role,
  sessionId: "s",
  csrfToken: "c",
});
const token = (...scopes: ("ingest" | "evaluate" | "operate" | "admin")[]): Principal => ({
  kind: "token",
  tokenId: "t",
  name: "t",
  scopes,
});

describe("permissions", () => {
  it("grow with the role: viewer reads, operator operates, admin administers", () => {
    expect([can(user("viewer"), "read"), can(user("viewer"), "operate")]).toEqual([true, false]);
    expect([can(user("operator"), "operate"), can(user("operator"), "admin")]).toEqual([true, false]);
    expect(can(user("admin"), "admin")).toBe(true);
  });

  it("follow token scopes exactly: an ingest token cannot read, an evaluate token cannot operate", () => {
    expect(can(token("ingest"), "ingest")).toBe(true);
    expect(can(token("ingest"), "read")).toBe(false);
    expect(can(token("evaluate"), "evaluate")).toBe(true);
    expect(can(token("evaluate"), "operate")).toBe(false);
    expect(can(token("operate"), "operate")).toBe(true);
    expect(can(token("operate"), "admin")).toBe(false);
    expect(can(token("ingest", "evaluate"), "evaluate")).toBe(true);
  });

  it("give people no ingest permission and anonymous callers nothing", () => {
    expect(can(user("admin"), "ingest")).toBe(false);
    expect(can({ kind: "anonymous" }, "read")).toBe(false);
  });
});

it("answers for a role alone exactly as for a signed-in person with that role", () => {
  for (const role of ROLES) {
    for (const permission of ["read", "evaluate", "ingest", "operate", "admin"] as const) {
      expect(roleCan(role, permission)).toBe(can(user(role), permission));
    }
  }
});
