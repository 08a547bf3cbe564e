"use client";

import { Button, Field, Select, TextInput } from "@/components/form-controls";
import type { RunbookEditItem } from "@/lib/rollout/serializers";

export type RunbookDraft = RunbookEditItem & { key: number };

const SECTIONS = [
  ["pre_deployment", "Pre-deployment step"],
  ["checks", "Check (what to watch, for how long)"],
  ["post_deployment", "Post-deployment clean-up"],
] as const;

let nextKey = 1;
export const toDrafts = (items: readonly RunbookEditItem[]): RunbookDraft[] =>
  items.map((item) => ({ ...item, key: nextKey++ }));

/** What is wrong with an item before it is sent (the server checks the same and names the field too). */
export function runbookProblem(item: RunbookEditItem): { field: "text" | "durationMinutes"; message: string } | null {
  if (item.text.trim() === "") return { field: "text", message: "must not be empty" };
  if (item.text.trim().length > 300) return { field: "text", message: "at most 300 characters" };
  if (item.durationMinutes !== null) {
    if (item.section !== "checks") return { field: "durationMinutes", message: "only checks have a duration" };
    if (!Number.isInteger(item.durationMinutes) || item.durationMinutes < 1)
      return { field: "durationMinutes", message: "a whole number of minutes, at least 1" };
  }
  return null;
}

/** The phase's runbook in the plan editor: pre-deployment steps, checks with how long to watch, clean-up. */
export function RunbookEditor({
  phase,
  items,
  onChange,
  serverError,
}: {
  phase: number;
  items: RunbookDraft[];
  onChange(items: RunbookDraft[]): void;
  serverError(index: number, field: string): string | undefined;
}) {
  const update = (key: number, change: Partial<RunbookEditItem>) =>
    onChange(items.map((item) => (item.key === key ? { ...item, ...change } : item)));
  return (
    <fieldset className="space-y-2" data-testid={`runbook-editor-${phase}`}>
      <legend className="text-muted text-xs">Runbook items (ticked per entry into the phase)</legend>
      {items.length === 0 ? <p className="text-muted text-xs">No runbook items.</p> : null}
      {items.map((item, index) => {
        const problem = runbookProblem(item);
        const n = index + 1;
        return (
          <div key={item.key} className="border-line space-y-1 rounded border p-2" data-testid="runbook-item">
            <div className="flex flex-wrap items-end gap-2">
              <Select
                aria-label={`Runbook item ${n} section`}
                value={item.section}
                onChange={(e) =>
                  update(item.key, {
                    section: e.target.value as RunbookEditItem["section"],
                    durationMinutes: e.target.value === "checks" ? item.durationMinutes : null,
                  })
                }
                className="w-56"
              >
                {SECTIONS.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
              {item.section === "checks" ? (
                <TextInput
                  type="number"
                  aria-label={`Runbook item ${n} minutes`}
                  placeholder="minutes"
                  value={item.durationMinutes ?? ""}
                  onChange={(e) =>
                    update(item.key, { durationMinutes: e.target.value === "" ? null : Number(e.target.value) })
                  }
                  className="w-24"
                />
              ) : null}
              <Button onClick={() => onChange(items.filter((i) => i.key !== item.key))}>Remove item {n}</Button>
            </div>
            <Field
              label={`Item ${n}`}
              error={
                (problem?.field === "text" ? problem.message : undefined) ??
                serverError(index, "text") ??
                (problem?.field === "durationMinutes" ? `minutes: ${problem.message}` : undefined) ??
                serverError(index, "durationMinutes")
              }
            >
              <TextInput
                aria-label={`Runbook item ${n} text`}
                value={item.text}
                onChange={(e) => update(item.key, { text: e.target.value })}
              />
            </Field>
          </div>
        );
      })}
      <Button
        onClick={() => onChange([...items, ...toDrafts([{ section: "checks", text: "", durationMinutes: null }])])}
      >
        Add runbook item
      </Button>
    </fieldset>
  );
}
