"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { EmptyState } from "@/components/empty-state";
import { Button, Field, TextInput } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { formatDateTime } from "@/lib/format";
import { auditListQuery, auditSearchParams, type AuditFilters } from "@/lib/audit/queries";
import type { AuditEventDto } from "@/lib/audit/serializers";

const NO_FILTERS = { actor: "", action: "", target: "", from: "", to: "" };

/** datetime-local values are local time without a zone; the API wants ISO 8601 with one. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function AuditView() {
  const [draft, setDraft] = useState(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>({});
  const events = useInfiniteQuery(auditListQuery(filters));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters({
      actor: draft.actor.trim() || undefined,
      action: draft.action.trim() || undefined,
      target: draft.target.trim() || undefined,
      from: toIso(draft.from),
      to: toIso(draft.to),
    });
  };
  const exportHref = (format: "csv" | "json") => `/api/v1/audit/export?${auditSearchParams(filters, { format })}`;
  return (
    <div className="space-y-4">
      <Panel title="Filter">
        <form
          onSubmit={apply}
          className="grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-3"
          aria-label="Filter audit events"
        >
          <Field label="Actor" hint="username or token:name">
            <TextInput value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
          </Field>
          <Field label="Action" hint="e.g. flag.changed or user.*">
            <TextInput value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} />
          </Field>
          <Field label="Target" hint="type or type:id">
            <TextInput value={draft.target} onChange={(e) => setDraft({ ...draft, target: e.target.value })} />
          </Field>
          <Field label="From">
            <TextInput
              type="datetime-local"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </Field>
          <Field label="To">
            <TextInput
              type="datetime-local"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </Field>
          <div className="flex gap-2 self-end pb-0.5">
            <Button type="submit" tone="primary">
              Apply
            </Button>
            <Button
              onClick={() => {
                setDraft(NO_FILTERS);
                setFilters({});
              }}
            >
              Clear
            </Button>
          </div>
        </form>
      </Panel>
      <Panel
        title="Events, newest first"
        actions={
          <div className="flex gap-3 text-sm">
            <a className="text-accent hover:underline" href={exportHref("csv")} download>
              Export CSV
            </a>
            <a className="text-accent hover:underline" href={exportHref("json")} download>
              Export JSON
            </a>
          </div>
        }
      >
        <QueryState query={events} label="audit events">
          {(data) => {
            const list = data.pages.flatMap((page) => page.events);
            if (list.length === 0) {
              return (
                <EmptyState
                  title={Object.values(filters).some(Boolean) ? "No events match these filters" : "No audit events yet"}
                >
                  <p>
                    Every change to flags, phases, thresholds, users and tokens is recorded here in the same transaction
                    as the change.
                  </p>
                </EmptyState>
              );
            }
            return (
              <>
                <table className="w-full text-left text-sm">
                  <thead className="text-muted text-xs">
                    <tr>
                      <th className="py-2 pr-4 font-medium">Time</th>
                      <th className="py-2 pr-4 font-medium">Actor</th>
                      <th className="py-2 pr-4 font-medium">Action</th>
                      <th className="py-2 pr-4 font-medium">Target</th>
                      <th className="py-2 pr-4 font-medium">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((event) => (
                      <AuditRow key={event.id} event={event} />
                    ))}
                  </tbody>
                </table>
                {events.hasNextPage ? (
                  <Button className="mt-3" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                    {events.isFetchingNextPage ? "Loading…" : "Older events"}
                  </Button>
                ) : null}
              </>
            );
          }}
        </QueryState>
      </Panel>
    </div>
  );
}

function AuditRow({ event }: { event: AuditEventDto }) {
  const [open, setOpen] = useState(false);
  const hasDetail = event.before !== null || event.after !== null || event.requestId;
  return (
    <>
      <tr className="border-line border-t align-top" data-testid="audit-row">
        <td className="text-muted py-2 pr-4 font-mono text-xs whitespace-nowrap">{formatDateTime(event.at)}</td>
        <td className="py-2 pr-4">{event.actor.label}</td>
        <td className="py-2 pr-4 font-mono text-xs">
          {hasDetail ? (
            <button type="button" className="hover:underline" aria-expanded={open} onClick={() => setOpen(!open)}>
              {event.action}
            </button>
          ) : (
            event.action
          )}
        </td>
        <td className="py-2 pr-4 font-mono text-xs">
          {event.target.type}
          {event.target.id ? `:${event.target.id}` : ""}
        </td>
        <td className="text-muted py-2 pr-4 text-xs">{event.reason}</td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={5} className="pb-3">
            <div className="bg-panel-2 grid gap-3 rounded-md p-3 font-mono text-xs md:grid-cols-2">
              <div>
                <div className="text-muted mb-1">before</div>
                <pre className="whitespace-pre-wrap">{JSON.stringify(event.before, null, 2)}</pre>
              </div>
              <div>
                <div className="text-muted mb-1">after</div>
                <pre className="whitespace-pre-wrap">{JSON.stringify(event.after, null, 2)}</pre>
              </div>
              {event.requestId ? <div className="text-muted md:col-span-2">request {event.requestId}</div> : null}
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}
