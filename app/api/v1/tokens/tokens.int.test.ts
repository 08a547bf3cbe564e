import { describe, expect, it } from "vitest";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as tokenRoute from "@/app/api/v1/tokens/[id]/route";
import * as flagsRoute from "@/app/api/v1/flags/route";
import * as usersRoute from "@/app/api/v1/users/route";
import { tokenStore } from "@/lib/auth/token-store";
import { db } from "@/lib/db/client";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import type { CreatedTokenDto, TokenDto } from "@/lib/auth/serializers";
import { personCaller, tokenCaller } from "@/lib/auth/testing/principals";

describe("API tokens", () => {
  it("are shown once at creation, stored only as a hash, and listed without the secret", async () => {
    const admin = await personCaller("admin");
    const created = await jsonOf<CreatedTokenDto>(
      await callRoute(tokensRoute.POST, "/api/v1/tokens", {
        body: { name: "orders-eu", scopes: ["evaluate", "ingest"] },
        headers: admin.headers,
      }),
    );
    expect(created.token).toMatch(/^pgt_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 10));
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).not.toContain(created.token);
    const list = await jsonOf<{ tokens: TokenDto[] }>(
      await callRoute(tokensRoute.GET, "/api/v1/tokens", { headers: admin.headers }),
    );
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect(list.tokens.find((t) => t.id === created.id)).toMatchObject({
      name: "orders-eu",
      status: "active",
      scopes: ["evaluate", "ingest"],
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "token.created", targetId: "orders-eu" } });
    expect(JSON.stringify(audit.after)).not.toContain(created.token);
  });

  it("authenticate as Bearer or X-API-Key and record when they were last used", async () => {
    const operate = await tokenCaller(["operate"]);
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: operate.headers })).status).toBe(200);
    const raw = operate.headers.authorization!.replace("Bearer ", "");
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: { "x-api-key": raw } })).status).toBe(200);
    await expect
      .poll(async () => (await db().apiToken.findUniqueOrThrow({ where: { id: operate.id } })).lastUsedAt)
      .not.toBeNull();
  });

  it("refuse a wrong scope with 403 and an unknown, revoked or expired token with 401", async () => {
    const ingest = await tokenCaller(["ingest"]);
    const wrongScope = await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: ingest.headers });
    expect(wrongScope.status).toBe(403);
    expect((await jsonOf(wrongScope)).detail).toMatch(/read permission/);

    expect(
      (await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: { authorization: "Bearer pgt_made-up" } })).status,
    ).toBe(401);

    const admin = await personCaller("admin");
    const doomed = await tokenCaller(["operate"]);
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: doomed.headers })).status).toBe(200);
    const revoke = await callRoute(tokenRoute.DELETE, `/api/v1/tokens/${doomed.id}`, {
      method: "DELETE",
      params: { id: doomed.id },
      headers: admin.headers,
    });
    expect((await jsonOf<TokenDto>(revoke)).status).toBe("revoked");
    const after = await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: doomed.headers });
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toBe("application/problem+json");

    const expiring = await tokenCaller(["operate"]);
    await db().apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await tokenStore().reload();
    expect((await callRoute(flagsRoute.GET, "/api/v1/flags", { headers: expiring.headers })).status).toBe(401);
  });

  it("never act for a person's role: an operate token cannot administer", async () => {
    const operate = await tokenCaller(["operate"]);
    const response = await callRoute(usersRoute.POST, "/api/v1/users", {
      body: { username: "sneaky", role: "admin", password: "long enough pass" },
      headers: operate.headers,
    });
    expect(response.status).toBe(403);
    expect(await db().user.findUnique({ where: { username: "sneaky" } })).toBeNull();
  });

  it("refuse a second active token with the same name", async () => {
    const admin = await personCaller("admin");
    const body = { name: "dup", scopes: ["evaluate"] };
    expect((await callRoute(tokensRoute.POST, "/api/v1/tokens", { body, headers: admin.headers })).status).toBe(201);
    const again = await callRoute(tokensRoute.POST, "/api/v1/tokens", { body, headers: admin.headers });
    expect(again.status).toBe(409);
    expect(await db().apiToken.count({ where: { name: "dup" } })).toBe(1);
  });
});
