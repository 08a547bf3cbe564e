"use client";

import { useState } from "react";
import { Field, Select } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { parsePastedIds } from "@/lib/flags/impact";
import { flagBucket, type IdType } from "@/lib/flags/phash2";
import type { FlagDto } from "@/lib/flags/serializers";
import { fromWire, isEnabledForId } from "@/lib/flags/value";

/** Paste ids and see which are in, computed in the browser with the same erlang:phash2 the services use. */
export function WhoIsIn({
  flags,
  flagKey,
  onFlagChange,
}: {
  flags: FlagDto[];
  flagKey: string;
  onFlagChange(key: string): void;
}) {
  const [text, setText] = useState("");
  const [idType, setIdType] = useState<IdType>("string");
  const flag = flags.find((f) => f.key === flagKey)!;
  const ids = parsePastedIds(text);
  const rows = ids.slice(0, 200).map((id) => {
    try {
      return {
        id,
        bucket: flagBucket(flag.key, id, idType),
        on: isEnabledForId(flag.key, fromWire(flag.value), id, idType),
        error: null,
      };
    } catch (error) {
      return { id, bucket: null, on: null, error: (error as Error).message };
    }
  });
  const onCount = rows.filter((r) => r.on).length;
  return (
    <Panel title="Who is in?">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Flag">
          <Select value={flag.key} onChange={(e) => onFlagChange(e.target.value)} aria-label="Flag to check">
            {flags.map((f) => (
              <option key={f.key}>{f.key}</option>
            ))}
          </Select>
        </Field>
        <Field label="Ids are">
          <Select value={idType} onChange={(e) => setIdType(e.target.value as IdType)} aria-label="Id type">
            <option value="string">strings (Elixir binaries)</option>
            <option value="integer">integers</option>
            <option value="atom">atoms</option>
          </Select>
        </Field>
      </div>
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Ids to check"
        placeholder="Paste ids, one per line or separated by commas"
        className="border-line bg-bg mt-3 h-24 w-full rounded-md border px-3 py-2 font-mono text-xs"
      />
      {rows.length ? (
        <>
          <p className="text-muted mt-2 text-xs" data-testid="who-is-in-summary">
            {onCount} of {rows.length} in at {typeof flag.value === "number" ? `${flag.value}%` : flag.value}
            {ids.length > rows.length ? ` (first ${rows.length} of ${ids.length} shown)` : ""}
          </p>
          <table className="mt-2 w-full text-left text-xs">
            <thead className="text-muted">
              <tr>
                <th className="py-1 pr-3 font-medium">Id</th>
                <th className="py-1 pr-3 font-medium">Bucket</th>
                <th className="py-1 font-medium">In?</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-line border-t" data-testid="who-is-in-row">
                  <td className="py-1 pr-3 font-mono">{row.id}</td>
                  <td className="py-1 pr-3 font-mono">{row.bucket ?? "–"}</td>
                  <td className={`py-1 ${row.error ? "text-bad" : row.on ? "text-ok" : "text-muted"}`}>
                    {row.error ?? (row.on ? "on" : "off")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Panel>
  );
}
