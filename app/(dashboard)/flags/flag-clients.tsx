"use client";

import { useQuery } from "@tanstack/react-query";
import { Panel } from "@/components/panel";
import { flagClientsQuery } from "@/lib/flags/queries";

/** Whether every node's Erlang flag client holds the flags served now, and how long the slowest took. */
export function FlagClients() {
  const clients = useQuery(flagClientsQuery());
  const data = clients.data;
  if (!data || data.nodes.length === 0) return null;
  const behind = data.nodes.filter((n) => !n.converged);
  return (
    <Panel
      title={
        behind.length === 0
          ? `All ${data.nodes.length} nodes hold the current flags${data.slowestMs !== null ? `; the slowest took ${data.slowestMs} ms` : ""}`
          : `${behind.length} of ${data.nodes.length} nodes do not hold the current flags yet`
      }
    >
      <table className="w-full text-left text-sm" aria-label="Flag clients">
        <thead className="text-muted text-xs">
          <tr>
            <th className="py-1 pr-4 font-medium">Node</th>
            <th className="py-1 pr-4 font-medium">Holds</th>
            <th className="py-1 pr-4 font-medium">Took</th>
            <th className="py-1 font-medium">Last report</th>
          </tr>
        </thead>
        <tbody>
          {data.nodes.map((n) => (
            <tr key={n.node}>
              <td className="py-1 pr-4">{n.node}</td>
              <td className={`py-1 pr-4 ${n.converged ? "text-ok" : "text-warn"}`}>
                {n.converged ? "current flags" : `an older set (${n.etag.slice(0, 8)})`}
              </td>
              <td className="py-1 pr-4">{n.tookMs !== null ? `${n.tookMs} ms` : "—"}</td>
              <td className="text-muted py-1">{new Date(n.reportedAt).toLocaleTimeString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
