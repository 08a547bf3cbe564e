// Webhooks as admins manage them: add, change (enable/disable), delete, send a test, read recent deliveries.
// Every change goes through the one write path, audited without the secret.
import "server-only";
import type { AuditActor } from "../audit/record";
import { db, type Transaction } from "../db/client";
import { webhookTargetAllowance } from "../env";
import { commitChange } from "../events/change-service";
import { AppError } from "../http/errors";
import type { CreateWebhookInput, UpdateWebhookInput } from "./schemas";
import {
  toDeliveryDto,
  toWebhookDto,
  type CreatedWebhookDto,
  type WebhookDeliveryDto,
  type WebhookDto,
} from "./serializers";
import { newWebhookSecret } from "./signature";
import { refuseWebhookUrl } from "./url-policy";

const withCreator = { createdBy: { select: { username: true } } } as const;
const RECENT_DELIVERIES = 20;

export async function listWebhooks(): Promise<WebhookDto[]> {
  const rows = await db().webhook.findMany({ include: withCreator, orderBy: { createdAt: "asc" } });
  return rows.map(toWebhookDto);
}

export async function createWebhook(
  input: CreateWebhookInput,
  actor: AuditActor,
  requestId: string,
): Promise<CreatedWebhookDto> {
  checkTarget(input.url);
  const secret = newWebhookSecret();
  const row = await commitChange({ actor, requestId }, async (tx, emit) => {
    const created = await tx.webhook.create({
      data: {
        name: input.name,
        url: input.url,
        events: input.events,
        secret,
        createdById: actor.type === "user" ? actor.id : null,
      },
      include: withCreator,
    });
    await emit("webhook.created", { id: created.id }, { target: target(created), after: auditView(created) });
    return created;
  });
  return { ...toWebhookDto(row), secret };
}

export async function updateWebhook(
  id: string,
  input: UpdateWebhookInput,
  actor: AuditActor,
  requestId: string,
): Promise<WebhookDto> {
  if (input.url !== undefined) checkTarget(input.url);
  const row = await commitChange({ actor, requestId }, async (tx, emit) => {
    const before = await lockWebhook(tx, id);
    const updated = await tx.webhook.update({
      where: { id },
      data: { ...input, updatedAt: new Date() },
      include: withCreator,
    });
    await emit(
      "webhook.changed",
      { id },
      { target: target(updated), before: auditView(before), after: auditView(updated) },
    );
    return updated;
  });
  return toWebhookDto(row);
}

export async function deleteWebhook(id: string, actor: AuditActor, requestId: string): Promise<WebhookDto> {
  const row = await commitChange({ actor, requestId }, async (tx, emit) => {
    const before = await lockWebhook(tx, id);
    await tx.webhook.delete({ where: { id } });
    await emit("webhook.deleted", { id }, { target: target(before), before: auditView(before) });
    return before;
  });
  return toWebhookDto(row);
}

/** Queues a webhook.test delivery to this webhook alone (the outbox does it, as for any event); returns it. */
export async function sendTestDelivery(id: string, actor: AuditActor, requestId: string): Promise<WebhookDeliveryDto> {
  const delivery = await commitChange({ actor, requestId }, async (tx, emit) => {
    const webhook = await lockWebhook(tx, id);
    if (!webhook.enabled) throw new AppError("conflict", `"${webhook.name}" is disabled; enable it to send a test.`);
    await emit("webhook.test", { id }, { target: target(webhook) });
    return tx.webhookDelivery.findFirstOrThrow({
      where: { webhookId: id, eventType: "webhook.test" },
      orderBy: { auditEventId: "desc" },
      include: { attemptsMade: true },
    });
  });
  return toDeliveryDto(delivery);
}

export async function listDeliveries(webhookId: string): Promise<WebhookDeliveryDto[]> {
  if (!(await db().webhook.findUnique({ where: { id: webhookId }, select: { id: true } })))
    throw new AppError("not_found", "No such webhook.");
  const rows = await db().webhookDelivery.findMany({
    where: { webhookId },
    orderBy: [{ createdAt: "desc" }, { auditEventId: "desc" }],
    take: RECENT_DELIVERIES,
    include: { attemptsMade: { orderBy: { number: "asc" } } },
  });
  return rows.map(toDeliveryDto);
}

function checkTarget(url: string) {
  const refused = refuseWebhookUrl(url, webhookTargetAllowance());
  if (refused) {
    throw new AppError("validation_failed", `body.url: ${refused}`, {
      invalidParams: [{ name: "body.url", reason: refused }],
    });
  }
}

async function lockWebhook(tx: Transaction, id: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM webhooks WHERE id = ${id}::uuid FOR UPDATE`;
  if (!locked) throw new AppError("not_found", "No such webhook.");
  return tx.webhook.findUniqueOrThrow({ where: { id }, include: withCreator });
}

const target = (webhook: { name: string }) => ({ type: "webhook", id: webhook.name });

/** What the audit trail keeps: never the secret, nor the URL's path (chat webhook URLs carry a token there). */
function auditView(webhook: { id: string; name: string; url: string; events: string[]; enabled: boolean }) {
  const url = new URL(webhook.url);
  const shown = `${url.origin}${url.pathname === "/" && !url.search ? "/" : "/…"}`;
  return { id: webhook.id, name: webhook.name, url: shown, events: webhook.events, enabled: webhook.enabled };
}
