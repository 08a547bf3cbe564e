// Two app instances against one database: each runs a deliverer with its own leader connection and its own
// database pool, both ticking. Every event reaches every subscribed webhook exactly once, and the lead moves when
// the holder's connection dies. Intervals run by hand; receivers are real HTTP servers on loopback.
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { SYSTEM_ACTOR } from "../audit/record";
import { createPrismaClient, db, type PrismaClient } from "../db/client";
import { commitChange } from "../events/change-service";
import { waitFor } from "../testing/wait-for";
import type { Leader } from "../background/leader";
import type { WebhookBody } from "./body";
import { deliverDueWebhooks } from "./delivery-service";
import { startWebhookDeliverer, WEBHOOK_LOCK_KEY } from "./deliverer";
import { createWebhookSchema } from "./schemas";
import { createWebhook } from "./service";
import { DELIVERY_HEADER } from "./signature";
import { startReceiver, type Receiver } from "./testing/receiver";

process.env.PHASEGATE_WEBHOOK_ALLOW_LOOPBACK = "1";
const allow = { loopback: true, privateNetworks: false };
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function appInstance(): Promise<{ deliverer: Leader; prisma: PrismaClient }> {
  const prisma = createPrismaClient(process.env.DATABASE_URL!);
  const deliverer = startWebhookDeliverer({
    connectionString: process.env.DATABASE_URL!,
    schedule: () => () => {},
    delivery: { client: prisma, allow },
    log: () => {},
  });
  cleanups.push(
    () => prisma.$disconnect(),
    () => deliverer.stop(),
  );
  return { deliverer, prisma };
}

async function subscribedReceiver(name: string): Promise<Receiver> {
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  await createWebhook(createWebhookSchema.parse({ name, url: receiver.url, events: ["alert.*"] }), SYSTEM_ACTOR, "t");
  return receiver;
}

let alerts = 0;
async function openAlerts(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `alert-${++alerts}`);
  // One after another: the pool has 10 connections, and waiting for one is not what these tests are about.
  for (const id of ids)
    await commitChange({ actor: SYSTEM_ACTOR }, (_tx, emit) =>
      emit("alert.opened", { id }, { target: { type: "alert", id } }),
    );
  return ids;
}

const alertIds = (receiver: Receiver) =>
  receiver.requests.map((r) => (JSON.parse(r.body) as WebhookBody).event.payload.id as string);
const undelivered = () => db().webhookDelivery.count({ where: { status: { not: "delivered" } } });

async function leaderPid(): Promise<number | undefined> {
  const { rows } = await db()
    .$queryRawUnsafe<{ pid: number }[]>(
      `SELECT l.pid FROM pg_locks l
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)`,
      WEBHOOK_LOCK_KEY,
    )
    .then((rows) => ({ rows }));
  return rows[0]?.pid;
}

describe("webhook delivery across two app instances", () => {
  it("delivers every event exactly once per webhook while both instances tick", async () => {
    const [first, second] = [await subscribedReceiver("first"), await subscribedReceiver("second")];
    const a = await appInstance();
    const b = await appInstance();
    const opened = await openAlerts(40);
    await waitFor("every delivery to be sent", async () => {
      await Promise.all([a.deliverer.runInterval(), b.deliverer.runInterval()]);
      return (await undelivered()) === 0;
    });
    for (const receiver of [first, second]) {
      expect(alertIds(receiver).sort()).toEqual([...opened].sort());
      expect(new Set(receiver.requests.map((r) => r.headers[DELIVERY_HEADER])).size).toBe(40);
    }
    expect([a.deliverer.leading, b.deliverer.leading].filter(Boolean)).toHaveLength(1);
  });

  it("claims each row once even without the lead: four deliverers at once on two pools", async () => {
    const receiver = await subscribedReceiver("contended");
    const pools = [createPrismaClient(process.env.DATABASE_URL!), createPrismaClient(process.env.DATABASE_URL!)];
    cleanups.push(() => Promise.all(pools.map((p) => p.$disconnect())));
    const opened = await openAlerts(30);
    const drain = async (client: PrismaClient) => {
      while ((await deliverDueWebhooks({ client, allow, batchSize: 2 })) > 0);
    };
    await Promise.all([drain(pools[0]!), drain(pools[1]!), drain(pools[0]!), drain(pools[1]!)]);
    expect(alertIds(receiver).sort()).toEqual([...opened].sort());
  });

  it("hands delivery to the other instance within one interval when the leader's connection is killed", async () => {
    const receiver = await subscribedReceiver("handover");
    const a = await appInstance();
    const b = await appInstance();
    await a.deliverer.runInterval();
    await b.deliverer.runInterval();
    const [leader, follower] = a.deliverer.leading ? [a, b] : [b, a];
    expect(follower.deliverer.leading).toBe(false);

    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [await waitFor("the leader's backend", leaderPid)]);
    await admin.end();
    await waitFor("PostgreSQL to release the lead", async () => (await leaderPid()) === undefined);

    const before = receiver.requests.length;
    const [alert] = await openAlerts(1);
    await follower.deliverer.runInterval();
    expect(follower.deliverer.leading).toBe(true);
    expect(alertIds(receiver).slice(before)).toEqual([alert]);
    await waitFor("the old leader to notice", () => !leader.deliverer.leading);
    await leader.deliverer.runInterval();
    expect(leader.deliverer.leading).toBe(false);
  });
});
