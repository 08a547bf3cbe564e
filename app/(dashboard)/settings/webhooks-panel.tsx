"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { EmptyState } from "@/components/empty-state";
import { Button, Field, FormError, TextInput } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { usePermission } from "@/components/use-permission";
import { errorFor, fieldErrors } from "@/components/zod-form";
import { SUBSCRIBABLE_EVENT_TYPES } from "@/lib/events/vocabulary";
import { formatAgo } from "@/lib/format";
import { ApiError } from "@/lib/http/api-client";
import { EVENT_DOMAINS } from "@/lib/webhooks/event-selection";
import {
  useCreateWebhook,
  useDeleteWebhook,
  useSendTestDelivery,
  useSetWebhookEnabled,
} from "@/lib/webhooks/mutations";
import { webhookDeliveriesQuery, webhooksQuery } from "@/lib/webhooks/queries";
import { createWebhookSchema } from "@/lib/webhooks/schemas";
import type { WebhookDeliveryDto, WebhookDto } from "@/lib/webhooks/serializers";

/** Admins only: webhook URLs are credentials for many receivers, so nobody else even lists them. */
export function WebhooksPanel() {
  const isAdmin = usePermission("admin");
  return isAdmin ? <AdminWebhooksPanel /> : null;
}

function AdminWebhooksPanel() {
  const webhooks = useQuery(webhooksQuery());
  return (
    <Panel title="Webhooks">
      <CreateWebhookForm />
      <QueryState query={webhooks} label="webhooks">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No webhooks yet">
              <p>
                Phasegate posts each event (transitions, rollbacks, flag changes, alerts) to the URLs added here, signed
                with the webhook&apos;s secret. Slack-compatible receivers show the <code>text</code> line.
              </p>
            </EmptyState>
          ) : (
            <div className="space-y-4">
              {list.map((webhook) => (
                <WebhookCard key={webhook.id} webhook={webhook} />
              ))}
            </div>
          )
        }
      </QueryState>
    </Panel>
  );
}

function eventsLabel(events: string[]): string {
  if (events.length === SUBSCRIBABLE_EVENT_TYPES.length) return "all events";
  return events.length > 6 ? `${events.slice(0, 6).join(", ")} and ${events.length - 6} more` : events.join(", ");
}

function WebhookCard({ webhook }: { webhook: WebhookDto }) {
  const setEnabled = useSetWebhookEnabled(webhook.id);
  const remove = useDeleteWebhook(webhook.id);
  const test = useSendTestDelivery(webhook.id);
  return (
    <div className="border-line rounded-md border p-3" data-testid={`webhook-${webhook.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <div className="font-medium">
            {webhook.name}{" "}
            <span className={`text-xs ${webhook.enabled ? "text-ok" : "text-muted"}`}>
              {webhook.enabled ? "enabled" : "disabled"}
            </span>
          </div>
          <div className="text-muted font-mono text-xs break-all">{webhook.url}</div>
          <div className="text-muted text-xs">
            {eventsLabel(webhook.events)} · secret {webhook.secretHint}
          </div>
        </div>
        <div className="flex gap-2">
          <Button onClick={() => test.mutate()} disabled={!webhook.enabled || test.isPending}>
            Send test
          </Button>
          <Button onClick={() => setEnabled.mutate(!webhook.enabled)} disabled={setEnabled.isPending}>
            {webhook.enabled ? "Disable" : "Enable"}
          </Button>
          <Button
            tone="danger"
            onClick={() =>
              window.confirm(`Delete "${webhook.name}"? Its queued deliveries are dropped.`) && remove.mutate()
            }
            disabled={remove.isPending}
          >
            Delete
          </Button>
        </div>
      </div>
      <FormError error={test.error ?? setEnabled.error ?? remove.error} />
      <Deliveries webhookId={webhook.id} />
    </div>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const deliveries = useQuery(webhookDeliveriesQuery(webhookId));
  return (
    <QueryState query={deliveries} label="deliveries">
      {(list) =>
        list.length === 0 ? (
          <p className="text-muted mt-2 text-xs">No deliveries yet. &ldquo;Send test&rdquo; sends one now.</p>
        ) : (
          <table className="mt-2 w-full text-left text-xs" aria-label="Recent deliveries">
            <thead className="text-muted">
              <tr>
                <th className="py-1 pr-3 font-medium">Event</th>
                <th className="py-1 pr-3 font-medium">Status</th>
                <th className="py-1 pr-3 font-medium">Attempts</th>
                <th className="py-1 pr-3 font-medium">Response</th>
                <th className="py-1 font-medium">Next retry</th>
              </tr>
            </thead>
            <tbody>
              {list.map((delivery) => (
                <DeliveryRow key={delivery.id} delivery={delivery} />
              ))}
            </tbody>
          </table>
        )
      }
    </QueryState>
  );
}

const STATUS_TONE: Record<WebhookDeliveryDto["status"], string> = {
  pending: "text-muted",
  failed: "text-warn",
  delivered: "text-ok",
  dead: "text-bad",
};

function DeliveryRow({ delivery }: { delivery: WebhookDeliveryDto }) {
  const attempts = delivery.attemptLog
    .map((a) => `#${a.number} ${a.statusCode ?? "—"} ${a.error ?? ""} (${a.durationMs} ms)`)
    .join("\n");
  return (
    <tr className="border-line border-t align-top" data-testid="webhook-delivery" data-status={delivery.status}>
      <td className="py-1 pr-3">
        <div className="font-mono">{delivery.eventType}</div>
        <div className="text-muted">{delivery.text}</div>
      </td>
      <td className={`py-1 pr-3 ${STATUS_TONE[delivery.status]}`}>{delivery.status}</td>
      <td className="py-1 pr-3" title={attempts}>
        {delivery.attempts}
      </td>
      <td className="py-1 pr-3">
        {delivery.lastStatusCode ?? "—"}
        {delivery.lastError ? <div className="text-bad break-all">{delivery.lastError}</div> : null}
      </td>
      <td className="text-muted py-1">{delivery.nextAttemptAt ? formatAgo(delivery.nextAttemptAt) : "—"}</td>
    </tr>
  );
}

function CreateWebhookForm() {
  const create = useCreateWebhook();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState("*");
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const body = {
    name,
    url,
    events: events
      .split(/[\s,]+/)
      .map((e) => e.trim())
      .filter(Boolean),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = fieldErrors(createWebhookSchema, body);
    setClientErrors(errors);
    if (!errors)
      create.mutate(body, {
        onSuccess: () => {
          setName("");
          setUrl("");
        },
      });
  };
  // Event errors are per entry ("body.events.1"); the field shows the first.
  const serverErrors = create.error instanceof ApiError ? create.error.invalidParams : [];
  const eventsError =
    Object.entries(clientErrors ?? {}).find(([key]) => key.startsWith("body.events"))?.[1] ??
    serverErrors.find((p) => p.name.startsWith("body.events"))?.reason;
  return (
    <div className="mb-4 space-y-3">
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[1fr_2fr]" aria-label="Add a webhook">
        <Field label="Name" error={errorFor("body.name", clientErrors, create.error)} hint="e.g. ops Slack channel">
          <TextInput value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Field>
        <Field label="URL" error={errorFor("body.url", clientErrors, create.error)} hint="http(s) only">
          <TextInput value={url} onChange={(e) => setUrl(e.target.value)} autoComplete="off" inputMode="url" />
        </Field>
        <div className="sm:col-span-2">
          <Field
            label="Events"
            error={eventsError}
            hint={`"*" for all, a domain (${EVENT_DOMAINS.map((d) => `${d}.*`).join(", ")}) or event names, comma-separated`}
          >
            <TextInput value={events} onChange={(e) => setEvents(e.target.value)} autoComplete="off" />
          </Field>
        </div>
        <div>
          <Button type="submit" tone="primary" disabled={create.isPending}>
            Add webhook
          </Button>
        </div>
      </form>
      {create.data ? (
        <div className="border-ok/40 bg-ok/10 rounded-md border p-3 text-sm" data-testid="new-webhook-secret">
          <p className="font-medium">
            Webhook &ldquo;{create.data.name}&rdquo; added. Copy its signing secret now: it is not shown again.
          </p>
          <code className="mt-2 block font-mono text-xs break-all select-all">{create.data.secret}</code>
        </div>
      ) : null}
      {create.error && serverErrors.length === 0 ? <FormError error={create.error} /> : null}
    </div>
  );
}
