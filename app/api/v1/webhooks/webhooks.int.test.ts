// The webhook API as an admin uses it: bad input is a 400 naming the field with nothing stored; a webhook can be
// added, tested (the test is delivered, signed, and visible with its attempt), disabled and deleted; the secret is
// shown once and never reaches the audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personCaller, type Caller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";
import { callRoute, jsonOf } from "@/lib/http/testing/call-route";
import { deliverDueWebhooks } from "@/lib/webhooks/delivery-service";
import type { CreatedWebhookDto, WebhookDeliveryDto, WebhookDto } from "@/lib/webhooks/serializers";
import { SIGNATURE_HEADER, verifySignature } from "@/lib/webhooks/signature";
import { startReceiver, type Receiver } from "@/lib/webhooks/testing/receiver";
import * as collection from "./route";
import * as one from "./[id]/route";
import * as deliveries from "./[id]/deliveries/route";
import * as test from "./[id]/test/route";

let admin: Caller;
let receiver: Receiver;
beforeAll(async () => {
  admin = await personCaller("admin");
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const create = (body: unknown) =>
  callRoute(collection.POST, "/api/v1/webhooks", { body, headers: admin.headers, method: "POST" });

async function stored() {
  return {
    webhooks: await db().webhook.count(),
    audit: await db().auditEvent.count({ where: { action: { startsWith: "webhook." } } }),
  };
}

describe("webhook input", () => {
  it.each([
    [{ name: "x", url: "ftp://hooks.example.com/x", events: ["*"] }, "body.url", /http:\/\/ or https:\/\//],
    [{ name: "x", url: "https://me:pw@hooks.example.com/x", events: ["*"] }, "body.url", /credentials/],
    [{ name: "x", url: "http://169.254.169.254/latest", events: ["*"] }, "body.url", /link-local/],
    [{ name: "x", url: "http://127.0.0.1:9/hook", events: ["*"] }, "body.url", /PHASEGATE_WEBHOOK_ALLOW_LOOPBACK/],
    [{ name: "x", url: "not a url", events: ["*"] }, "body.url", /not a valid URL/],
    [{ name: "x", url: "https://hooks.example.com/x", events: [] }, "body.events", /at least one/],
    [{ name: "x", url: "https://hooks.example.com/x", events: ["phase.advanced", "nope"] }, "body.events.1", /nope/],
    [{ name: "x", url: "https://hooks.example.com/x", events: ["webhook.test"] }, "body.events.0", /unknown/],
    [{ name: "", url: "https://hooks.example.com/x", events: ["*"] }, "body.name", /required/],
    [{ name: "a\u0000b", url: "https://hooks.example.com/x", events: ["*"] }, "body.name", /NUL/],
  ])("refuses %j naming %s, storing nothing", async (body, field, reason) => {
    process.env.PHASEGATE_WEBHOOK_ALLOW_LOOPBACK = "0";
    const before = await stored();
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await jsonOf<{ invalid_params: { name: string; reason: string }[] }>(response);
    expect(problem.invalid_params.find((p) => p.name === field)?.reason).toMatch(reason);
    expect(await stored()).toEqual(before);
  });

  it("refuses a change that names nothing, or an unknown webhook", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const empty = await callRoute(one.PATCH, `/api/v1/webhooks/${id}`, {
      method: "PATCH",
      params: { id },
      body: {},
      headers: admin.headers,
    });
    expect(empty.status).toBe(400);
    const missing = await callRoute(one.PATCH, `/api/v1/webhooks/${id}`, {
      method: "PATCH",
      params: { id },
      body: { enabled: false },
      headers: admin.headers,
    });
    expect(missing.status).toBe(404);
    const badId = await callRoute(test.POST, "/api/v1/webhooks/x/test", {
      method: "POST",
      params: { id: "x" },
      headers: admin.headers,
    });
    expect(badId.status).toBe(400);
  });
});

describe("a webhook's life", () => {
  it("is added (secret shown once), tested, disabled and deleted, each audited without the secret", async () => {
    process.env.PHASEGATE_WEBHOOK_ALLOW_LOOPBACK = "1";
    const response = await create({ name: "ops chat", url: receiver.url, events: ["rollout.*", "phase.*"] });
    expect(response.status).toBe(201);
    const created = await jsonOf<CreatedWebhookDto>(response);
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.events).toEqual(expect.arrayContaining(["phase.advanced", "rollout.emergency_rollback"]));
    expect(created.events).not.toContain("flag.changed");

    const list = await jsonOf<{ webhooks: WebhookDto[] }>(
      await callRoute(collection.GET, "/api/v1/webhooks", { headers: admin.headers }),
    );
    expect(list.webhooks.find((w) => w.id === created.id)).not.toHaveProperty("secret");

    const params = { id: created.id };
    const queued = await callRoute(test.POST, `/api/v1/webhooks/${created.id}/test`, {
      method: "POST",
      params,
      headers: admin.headers,
    });
    expect(queued.status).toBe(202);
    expect((await jsonOf<{ delivery: WebhookDeliveryDto }>(queued)).delivery.status).toBe("pending");
    await deliverDueWebhooks({ allow: { loopback: true, privateNetworks: false } });
    const [request] = receiver.requests;
    expect(JSON.parse(request!.body)).toMatchObject({ event: { type: "webhook.test", payload: { id: created.id } } });
    const signature = request!.headers[SIGNATURE_HEADER] as string;
    expect(verifySignature(created.secret, signature, request!.body, Math.floor(Date.now() / 1000))).toBe(true);

    const shown = await jsonOf<{ deliveries: WebhookDeliveryDto[] }>(
      await callRoute(deliveries.GET, `/api/v1/webhooks/${created.id}/deliveries`, { params, headers: admin.headers }),
    );
    expect(shown.deliveries).toMatchObject([
      { eventType: "webhook.test", status: "delivered", lastStatusCode: 200, attemptLog: [{ statusCode: 200 }] },
    ]);

    const disabled = await callRoute(one.PATCH, `/api/v1/webhooks/${created.id}`, {
      method: "PATCH",
      params,
      body: { enabled: false },
      headers: admin.headers,
    });
    expect((await jsonOf<WebhookDto>(disabled)).enabled).toBe(false);
    const refusedTest = await callRoute(test.POST, `/api/v1/webhooks/${created.id}/test`, {
      method: "POST",
      params,
      headers: admin.headers,
    });
    expect(refusedTest.status).toBe(409);

    const deleted = await callRoute(one.DELETE, `/api/v1/webhooks/${created.id}`, {
      method: "DELETE",
      params,
      headers: admin.headers,
    });
    expect(deleted.status).toBe(200);
    expect(await db().webhook.count({ where: { id: created.id } })).toBe(0);

    const audit = await db().auditEvent.findMany({ where: { targetType: "webhook" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "webhook.created",
      "webhook.test",
      "webhook.changed",
      "webhook.deleted",
    ]);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after, a.reason]))).not.toContain(created.secret);
  });
});
