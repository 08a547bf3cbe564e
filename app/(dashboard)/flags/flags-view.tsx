"use client";

import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { FlagValueBadge } from "@/components/flag-value";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { formatAgo } from "@/lib/format";
import { flagListQuery } from "@/lib/flags/queries";

export function FlagsView() {
  const flags = useQuery(flagListQuery());
  return (
    <div className="space-y-4">
      <Panel title="All flags">
        <QueryState query={flags} label="flags">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No flags">
                <p>Flags are created from the rollout plan on first start, or through the flags API.</p>
              </EmptyState>
            ) : (
              <table className="w-full text-left text-sm">
                <thead className="text-muted text-xs">
                  <tr>
                    <th className="py-2 pr-4 font-medium">Flag</th>
                    <th className="py-2 pr-4 font-medium">Value</th>
                    <th className="py-2 pr-4 font-medium">Last change</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((flag) => (
                    <tr key={flag.key} className="border-line border-t align-top" data-testid={`flag-row-${flag.key}`}>
                      <td className="py-2.5 pr-4">
                        <div className="font-mono text-sm">{flag.key}</div>
                        <div className="text-muted text-xs">{flag.description}</div>
                      </td>
                      <td className="py-2.5 pr-4">
                        <FlagValueBadge value={flag.value} />
                      </td>
                      <td className="text-muted py-2.5 pr-4 text-xs whitespace-nowrap">
                        {flag.updatedBy}, {formatAgo(flag.updatedAt)}
                        <div>version {flag.version}</div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryState>
      </Panel>
      <Panel title="Evaluations">
        <EmptyState title="No evaluations seen yet">
          <p>
            When services ask Phasegate for their flags (OpenFeature OFREP or the flags API), the ids they evaluate
            are sampled here, so a percentage change can show how many known ids would flip before you confirm it.
          </p>
        </EmptyState>
      </Panel>
    </div>
  );
}
