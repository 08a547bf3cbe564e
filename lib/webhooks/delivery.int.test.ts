// The webhook outbox end to end: real PostgreSQL, real HTTP receivers on loopback, the clock injected.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../audit/record";
import { createPrismaClient, db } from "../db/client";
import { commitChange } from "../events/change-service";
import { updateFlag } from "../flags/service";
import { waitFor } from "../testing/wait-for";
import type { WebhookBody } from "./body";
import { deliverDueWebhooks, type DeliveryOptions } from "./delivery-service";
import { createWebhookSchema } from "./schemas";
import { createWebhook } from "./service";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, verifySignature } from "./signature";
import { startReceiver, type Receiver } from "./testing/receiver";

process.env.PHASEGATE_WEBHOOK_ALLOW_LOOPBACK = "1";
const anna = { type: "user" as const, id: null, label: "anna" };
const allow = { loopback: true, privateNetworks: false };
const receivers: Receiver[] = [];
afterAll(() => Promise.all(receivers.map((r) => r.close())));

async function receiver(...args: Parameters<typeof startReceiver>) {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

/** Real time plus however far the test has moved it forward (never back: new rows are due at the database's now). */
function testClock() {
  let ahead = 0;
  const at = () => Date.now() + ahead;
  return {
    now: () => new Date(at()),
    advanceTo: (to: Date) => void (ahead = Math.max(ahead, to.getTime() - Date.now())),
    at,
  };
}

let flips = 0;
const changeFlag = (reason = "canary") =>
  updateFlag("use_v2_coordinator", { value: ++flips % 2 ? 10 : 20, reason }, anna, `req-${flips}`);

const webhook = (name: string, url: string, events: string[]) =>
  createWebhook(createWebhookSchema.parse({ name, url, events }), anna, "r");

const deliveriesOf = (webhookId: string) =>
  db().webhookDelivery.findMany({ where: { webhookId }, include: { attemptsMade: { orderBy: { number: "asc" } } } });

describe("webhook delivery", () => {
  let clock: ReturnType<typeof testClock>;
  let options: DeliveryOptions;
  // Each test starts at real time again: one that jumped a day ahead would make the next one's rows look a day old.
  beforeEach(() => {
    clock = testClock();
    options = { now: clock.now, random: () => 1, allow, timeoutMs: 5_000 };
  });

  it("delivers a committed event once, signed so the receiver can verify it as documented", async () => {
    const target = await receiver();
    const hook = await webhook("chat", target.url, ["flag.changed"]);
    const others = await receiver();
    await webhook("rollout only", others.url, ["phase.advanced"]);

    await changeFlag("canary at 10%");
    expect(await deliverDueWebhooks(options)).toBe(1);
    expect(await deliverDueWebhooks(options)).toBe(0);

    expect(target.requests).toHaveLength(1);
    expect(others.requests).toHaveLength(0);
    const [request] = target.requests;
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers[EVENT_HEADER]).toBe("flag.changed");
    const signature = request!.headers[SIGNATURE_HEADER] as string;
    const timestamp = Number(/t=(\d+)/.exec(signature)![1]);
    expect(verifySignature(hook.secret, signature, request!.body, timestamp + 10)).toBe(true);
    expect(verifySignature(hook.secret, signature, request!.body + " ", timestamp)).toBe(false);

    const body = JSON.parse(request!.body) as WebhookBody;
    expect(body.text).toBe("Flag use_v2_coordinator changed (version 2) by anna: canary at 10%");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "flag.changed", requestId: "req-1" } });
    expect(body.event).toMatchObject({
      id: audit.id.toString(),
      type: "flag.changed",
      payload: { key: "use_v2_coordinator", version: 2 },
      actor: { type: "user", label: "anna" },
      reason: "canary at 10%",
      at: audit.at.toISOString(),
    });

    const [delivery] = await deliveriesOf(hook.id);
    expect(request!.headers[DELIVERY_HEADER]).toBe(delivery!.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null });
    expect(delivery!.attemptsMade).toMatchObject([{ number: 1, statusCode: 200, error: null }]);
  });

  it("retries a failing receiver with exponential backoff, records every attempt, and gives up after a day", async () => {
    const target = await receiver({ status: 500 });
    const hook = await webhook("flaky", target.url, ["flag.*"]);
    await changeFlag();

    await deliverDueWebhooks(options);
    let [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: 500 });
    expect(delivery!.lastError).toBe("HTTP 500: answered 500");
    const first = delivery!.attemptsMade[0]!.at.getTime();
    expect(delivery!.nextAttemptAt.getTime()).toBe(first + 10_000);

    clock.advanceTo(new Date(first + 9_000));
    expect(await deliverDueWebhooks(options)).toBe(0);
    clock.advanceTo(delivery!.nextAttemptAt);
    await deliverDueWebhooks(options);
    [delivery] = await deliveriesOf(hook.id);
    const second = delivery!.attemptsMade[1]!.at.getTime();
    expect(second - first).toBeGreaterThanOrEqual(10_000);
    expect(delivery!.nextAttemptAt.getTime()).toBe(second + 20_000);

    target.answer({ status: 204 });
    clock.advanceTo(delivery!.nextAttemptAt);
    await deliverDueWebhooks(options);
    [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 204 });
    expect(delivery!.attemptsMade.map((a) => a.statusCode)).toEqual([500, 500, 204]);
    expect(target.requests).toHaveLength(3);

    // Another event to a receiver that never recovers: retried until a day has passed, then dead.
    target.answer({ status: 503 });
    await changeFlag();
    clock.advanceTo(new Date(clock.at() + 1_000));
    const origin = clock.at();
    const latest = () => deliveriesOf(hook.id).then((all) => all.find((d) => d.status !== "delivered")!);
    for (let i = 0; i < 100 && (await latest()).status !== "dead"; i++) {
      clock.advanceTo((await latest()).nextAttemptAt);
      await deliverDueWebhooks(options);
    }
    const dead = await latest();
    expect(dead.status).toBe("dead");
    expect(dead.attempts).toBeGreaterThan(20);
    expect(dead.attemptsMade).toHaveLength(dead.attempts);
    expect(dead.attemptsMade.at(-1)!.at.getTime() - origin).toBeLessThanOrEqual(24 * 3_600_000);
    clock.advanceTo(new Date(clock.at() + 48 * 3_600_000));
    expect(await deliverDueWebhooks(options)).toBe(0);
  });

  it("treats a redirect as a failed attempt and never follows it", async () => {
    const elsewhere = await receiver();
    const target = await receiver({ redirectTo: elsewhere.url });
    const hook = await webhook("moved", target.url, ["flag.changed"]);
    await changeFlag();
    await deliverDueWebhooks(options);
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: "failed", lastStatusCode: 307 });
    expect(delivery!.lastError).toBe(`redirect to ${elsewhere.url} not followed`);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("never delivers an event whose transaction rolled back", async () => {
    const target = await receiver();
    const hook = await webhook("strict", target.url, ["alert.opened"]);
    await expect(
      commitChange({ actor: SYSTEM_ACTOR }, async (_tx, emit) => {
        await emit("alert.opened", { id: "abandoned" }, { target: { type: "alert", id: "abandoned" } });
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    await commitChange({ actor: SYSTEM_ACTOR }, (_tx, emit) =>
      emit("alert.opened", { id: "kept" }, { target: { type: "alert", id: "kept" } }),
    );
    await deliverDueWebhooks(options);
    expect(target.requests.map((r) => (JSON.parse(r.body) as WebhookBody).event.payload)).toEqual([{ id: "kept" }]);
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
  });

  it("sends nothing to a disabled webhook, and what waits is sent once it is enabled again", async () => {
    const target = await receiver();
    const hook = await webhook("paused", target.url, ["alert.*"]);
    await commitChange({ actor: SYSTEM_ACTOR }, (_tx, emit) =>
      emit("alert.acknowledged", { id: "a1" }, { target: { type: "alert", id: "a1" } }),
    );
    await db().webhook.update({ where: { id: hook.id }, data: { enabled: false } });
    await commitChange({ actor: SYSTEM_ACTOR }, (_tx, emit) =>
      emit("alert.resolved", { id: "a1" }, { target: { type: "alert", id: "a1" } }),
    );
    await deliverDueWebhooks(options);
    expect(target.requests).toHaveLength(0);
    await db().webhook.update({ where: { id: hook.id }, data: { enabled: true } });
    await deliverDueWebhooks(options);
    expect(target.requests.map((r) => r.headers[EVENT_HEADER])).toEqual(["alert.acknowledged"]);
  });

  it("lets a flag change return while a receiver hangs: delivery runs outside the change's transaction", async () => {
    const target = await receiver("hang");
    const hook = await webhook("stuck", target.url, ["flag.changed"]);
    await changeFlag();
    const sending = deliverDueWebhooks({ ...options, client: createPrismaClient(process.env.DATABASE_URL!) });
    let sent = false;
    void sending.then(() => (sent = true));
    await waitFor("the receiver to hold the request", () => target.hanging === 1);

    const changed = await changeFlag("while the receiver hangs");
    expect(changed.version).toBeGreaterThan(1);
    expect(target.hanging).toBe(1);
    expect(sent).toBe(false);
    expect(await db().webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(2);

    await target.close();
    await sending;
    const failed = await db().webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id, attempts: 1 } });
    expect(failed.status).toBe("failed");
  });

  it("times out a receiver that never answers and records it as a failed attempt", async () => {
    const target = await receiver("hang");
    const hook = await webhook("slow", target.url, ["flag.changed"]);
    await changeFlag();
    await deliverDueWebhooks({ ...options, timeoutMs: 50 });
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: "failed", lastStatusCode: null, lastError: "no answer within 50 ms" });
  });
});
