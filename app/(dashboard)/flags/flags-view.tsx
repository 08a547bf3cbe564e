"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { FlagValueBadge } from "@/components/flag-value";
import { Button } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { FlagClients } from "./flag-clients";
import { QueryState } from "@/components/query-state";
import { usePermission } from "@/components/use-permission";
import { formatAgo } from "@/lib/format";
import { flagListQuery } from "@/lib/flags/queries";
import type { FlagDto } from "@/lib/flags/serializers";
import { FlagEditor } from "./flag-editor";
import { SampleChart } from "./sample-chart";
import { WhoIsIn } from "./who-is-in";

export function FlagsView() {
  const flags = useQuery(flagListQuery());
  const canOperate = usePermission("operate");
  const [editing, setEditing] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <QueryState query={flags} label="flags">
      {(list) => {
        const focus = list.find((f) => f.key === selected) ?? list.find((f) => typeof f.value === "number") ?? list[0];
        return (
          <div className="space-y-4">
            <Panel title="All flags">
              {list.length === 0 ? (
                <EmptyState title="No flags">
                  <p>Flags are created from the rollout plan on first start, or by an admin through the flags API.</p>
                </EmptyState>
              ) : (
                <table className="w-full text-left text-sm">
                  <thead className="text-muted text-xs">
                    <tr>
                      <th className="py-2 pr-4 font-medium">Flag</th>
                      <th className="py-2 pr-4 font-medium">Value</th>
                      <th className="py-2 pr-4 font-medium">Last change</th>
                      <th className="py-2 font-medium" />
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((flag) => (
                      <FlagRow
                        key={flag.key}
                        flag={flag}
                        editing={editing === flag.key}
                        canOperate={canOperate}
                        onEdit={() => setEditing(editing === flag.key ? null : flag.key)}
                        onDone={() => setEditing(null)}
                        onSelect={() => setSelected(flag.key)}
                      />
                    ))}
                  </tbody>
                </table>
              )}
            </Panel>
            <FlagClients />
            {focus ? (
              <div className="grid gap-4 lg:grid-cols-2">
                <WhoIsIn flags={list} flagKey={focus.key} onFlagChange={setSelected} />
                <SampleChart flag={focus} />
              </div>
            ) : null}
          </div>
        );
      }}
    </QueryState>
  );
}

function FlagRow(props: {
  flag: FlagDto;
  editing: boolean;
  canOperate: boolean;
  onEdit(): void;
  onDone(): void;
  onSelect(): void;
}) {
  const { flag } = props;
  return (
    <>
      <tr className="border-line border-t align-top" data-testid={`flag-row-${flag.key}`} onClick={props.onSelect}>
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
        <td className="py-2.5 text-right">
          {props.canOperate ? (
            <Button onClick={props.onEdit} aria-expanded={props.editing}>
              {props.editing ? "Cancel" : "Change"}
            </Button>
          ) : null}
        </td>
      </tr>
      {props.editing ? (
        <tr>
          <td colSpan={4} className="pb-4">
            <FlagEditor flag={flag} onDone={props.onDone} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
