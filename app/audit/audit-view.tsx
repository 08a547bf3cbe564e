"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { formatDateTime } from "@/lib/format";
import { auditListQuery } from "@/lib/audit/queries";

export function AuditView() {
  const events = useInfiniteQuery(auditListQuery({}));
  return (
    <Panel title="Events, newest first">
      <QueryState query={events} label="audit events">
        {(data) => {
          const list = data.pages.flatMap((page) => page.events);
          if (list.length === 0) {
            return (
              <EmptyState title="No audit events yet">
                <p>Every change to flags, phases, thresholds, users and tokens is recorded here in the same transaction as the change.</p>
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
                    <tr key={event.id} className="border-line border-t align-top">
                      <td className="text-muted py-2 pr-4 font-mono text-xs whitespace-nowrap">{formatDateTime(event.at)}</td>
                      <td className="py-2 pr-4">{event.actor.label}</td>
                      <td className="py-2 pr-4 font-mono text-xs">{event.action}</td>
                      <td className="py-2 pr-4 font-mono text-xs">
                        {event.target.type}
                        {event.target.id ? `:${event.target.id}` : ""}
                      </td>
                      <td className="text-muted py-2 pr-4 text-xs">{event.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {events.hasNextPage ? (
                <button
                  type="button"
                  onClick={() => events.fetchNextPage()}
                  disabled={events.isFetchingNextPage}
                  className="border-line hover:bg-panel-2 mt-3 rounded-md border px-3 py-1.5 text-sm"
                >
                  {events.isFetchingNextPage ? "Loading…" : "Older events"}
                </button>
              ) : null}
            </>
          );
        }}
      </QueryState>
    </Panel>
  );
}
