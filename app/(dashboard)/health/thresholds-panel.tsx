"use client";

// The automatic-rollback thresholds, with the minimum samples per metric; admins edit them with a reason (audited).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Field, FormError, Select, TextInput } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { usePermission } from "@/components/use-permission";
import { humanize } from "@/lib/format";
import { METRICS, METRIC_KEYS, type MetricKey } from "@/lib/health/metrics";
import { useUpdateThreshold } from "@/lib/health/mutations";
import { thresholdsQuery } from "@/lib/health/queries";
import type { ThresholdDto } from "@/lib/health/serializers";

export function ThresholdsPanel() {
  const thresholds = useQuery(thresholdsQuery());
  const mayEdit = usePermission("admin");
  const [editing, setEditing] = useState<MetricKey | null>(null);
  return (
    <Panel title="Automatic rollback thresholds">
      <QueryState query={thresholds} label="thresholds">
        {(list) => (
          <table className="w-full text-left text-sm" data-testid="thresholds">
            <thead className="text-muted text-xs">
              <tr>
                <th className="py-2 pr-4 font-medium">Metric</th>
                <th className="py-2 pr-4 font-medium">Violation when</th>
                <th className="py-2 pr-4 font-medium">Minimum samples</th>
                <th className="py-2 pr-4 font-medium">State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {METRIC_KEYS.map((metric) => {
                const t = list.find((x) => x.metric === metric);
                return editing === metric ? (
                  <tr key={metric} className="border-line border-t">
                    <td colSpan={5} className="py-2">
                      <ThresholdForm metric={metric} current={t} onDone={() => setEditing(null)} />
                    </td>
                  </tr>
                ) : (
                  <tr key={metric} className="border-line border-t">
                    <td className="py-2 pr-4">{humanize(metric)}</td>
                    <td className="py-2 pr-4 font-mono text-xs">
                      {t ? `${t.comparison === "above" ? ">" : "<"} ${t.value} ${t.unit}` : "none"}
                    </td>
                    <td className="py-2 pr-4 text-xs">
                      {t?.minSamples ?? METRICS[metric].defaultMinSamples} {METRICS[metric].sampleUnit}
                    </td>
                    <td className="py-2 pr-4 text-xs">{t ? (t.enabled ? "enabled" : "disabled") : "not set"}</td>
                    <td className="py-2 text-right">
                      {mayEdit ? (
                        <Button onClick={() => setEditing(metric)} aria-label={`Edit ${humanize(metric)}`}>
                          Edit
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </QueryState>
    </Panel>
  );
}

function ThresholdForm({ metric, current, onDone }: { metric: MetricKey; current?: ThresholdDto; onDone: () => void }) {
  const update = useUpdateThreshold();
  const [comparison, setComparison] = useState<"above" | "below">(current?.comparison ?? "above");
  const [value, setValue] = useState(String(current?.value ?? ""));
  const [minSamples, setMinSamples] = useState(String(current?.minSamples ?? METRICS[metric].defaultMinSamples));
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [reason, setReason] = useState("");
  return (
    <form
      className="grid items-end gap-3 sm:grid-cols-6"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate(
          { metric, comparison, value: Number(value), minSamples: Number(minSamples), enabled, reason },
          { onSuccess: onDone },
        );
      }}
    >
      <Field label={`${humanize(metric)}: violation when`}>
        <Select value={comparison} onChange={(e) => setComparison(e.target.value as "above" | "below")}>
          <option value="above">above</option>
          <option value="below">below</option>
        </Select>
      </Field>
      <Field label={`Value (${METRICS[metric].unit})`}>
        <TextInput inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} required />
      </Field>
      <Field label={`Minimum ${METRICS[metric].sampleUnit}`}>
        <TextInput inputMode="numeric" value={minSamples} onChange={(e) => setMinSamples(e.target.value)} required />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> enabled
      </label>
      <Field label="Reason">
        <TextInput value={reason} onChange={(e) => setReason(e.target.value)} required />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" tone="primary" disabled={update.isPending}>
          Save
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
      <div className="sm:col-span-6">
        <FormError error={update.error} />
      </div>
    </form>
  );
}
