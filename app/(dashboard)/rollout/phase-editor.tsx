"use client";

import { useState } from "react";
import { Button, Field, FormError, Select, TextInput } from "@/components/form-controls";
import type { FlagValueWire } from "@/lib/flags/value";
import { ApiError } from "@/lib/http/api-client";
import { useEditPhase } from "@/lib/rollout/mutations";
import type { PhaseDto } from "@/lib/rollout/serializers";
import { RunbookEditor, runbookProblem, toDrafts, type RunbookDraft } from "./runbook-editor";

type Setting = "unset" | "on" | "off" | "percentage";
const kindOf = (value: FlagValueWire | undefined): Setting =>
  value === undefined ? "unset" : typeof value === "number" ? "percentage" : value;

/** Admins edit a phase of the plan. Saving never applies flags: the Rollout page shows drift instead. */
export function PhaseEditor({ phase, flagKeys, onDone }: { phase: PhaseDto; flagKeys: string[]; onDone(): void }) {
  const edit = useEditPhase(phase.number);
  const [name, setName] = useState(phase.name);
  const [monitor, setMonitor] = useState(phase.monitorForMinutes === null ? "" : String(phase.monitorForMinutes));
  const [planned, setPlanned] = useState(String(phase.plannedDurationMinutes));
  const [validation, setValidation] = useState(phase.validation);
  const [settings, setSettings] = useState<Record<string, { kind: Setting; pct: number }>>(() =>
    Object.fromEntries(
      flagKeys.map((key) => {
        const value = phase.settings[key];
        return [key, { kind: kindOf(value), pct: typeof value === "number" ? value : 10 }];
      }),
    ),
  );
  const [runbook, setRunbook] = useState<RunbookDraft[]>(() => toDrafts(phase.runbook));
  const runbookItems = runbook.map(({ section, text, durationMinutes }) => ({ section, text, durationMinutes }));
  const runbookChanged = JSON.stringify(runbookItems) !== JSON.stringify(phase.runbook);
  const runbookInvalid = runbookItems.some((item) => runbookProblem(item) !== null);
  const [reason, setReason] = useState("");
  const error = edit.error instanceof ApiError ? edit.error : null;
  const fieldError = (name: string) => error?.fieldError(`body.${name}`);

  const submit = () => {
    const changed: Record<string, FlagValueWire | null> = {};
    for (const [key, { kind, pct }] of Object.entries(settings)) {
      const next = kind === "unset" ? null : kind === "percentage" ? pct : kind;
      const before = phase.settings[key] ?? null;
      if (next !== before) changed[key] = next;
    }
    edit.mutate(
      {
        name,
        validation,
        plannedDurationMinutes: Number(planned),
        monitorForMinutes: monitor.trim() === "" ? null : Number(monitor),
        ...(Object.keys(changed).length ? { settings: changed } : {}),
        ...(runbookChanged ? { runbook: runbookItems.map((item) => ({ ...item, text: item.text.trim() })) } : {}),
        reason,
      },
      { onSuccess: onDone },
    );
  };

  return (
    <form
      className="bg-panel-2 mt-3 space-y-2 rounded-md p-3 text-sm"
      aria-label={`Edit phase ${phase.number}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Field label="Name" error={fieldError("name")}>
        <TextInput value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label="Planned (minutes)" error={fieldError("plannedDurationMinutes")}>
          <TextInput type="number" value={planned} onChange={(e) => setPlanned(e.target.value)} />
        </Field>
        <Field label="Monitor for (minutes)" error={fieldError("monitorForMinutes")}>
          <TextInput type="number" value={monitor} onChange={(e) => setMonitor(e.target.value)} />
        </Field>
      </div>
      <Field label="Validation" error={fieldError("validation")}>
        <TextInput value={validation} onChange={(e) => setValidation(e.target.value)} />
      </Field>
      <fieldset className="space-y-1">
        <legend className="text-muted text-xs">Flags this phase sets</legend>
        {flagKeys.map((key) => (
          <div key={key} className="flex items-center gap-2">
            <span className="w-40 truncate font-mono text-xs" title={key}>
              {key}
            </span>
            <Select
              aria-label={`${key} in phase ${phase.number}`}
              value={settings[key]!.kind}
              onChange={(e) =>
                setSettings({ ...settings, [key]: { ...settings[key]!, kind: e.target.value as Setting } })
              }
              className="w-32"
            >
              <option value="unset">carried over</option>
              <option value="off">off</option>
              <option value="on">on</option>
              <option value="percentage">percentage</option>
            </Select>
            {settings[key]!.kind === "percentage" ? (
              <TextInput
                type="number"
                aria-label={`${key} percentage`}
                value={settings[key]!.pct}
                onChange={(e) =>
                  setSettings({ ...settings, [key]: { ...settings[key]!, pct: Number(e.target.value) } })
                }
                className="w-20"
              />
            ) : null}
          </div>
        ))}
      </fieldset>
      <RunbookEditor
        phase={phase.number}
        items={runbook}
        onChange={setRunbook}
        serverError={(index, field) => fieldError(`runbook.${index}.${field}`)}
      />
      <Field label="Reason (goes into the audit trail)" error={fieldError("reason")}>
        <TextInput value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormError error={edit.error && !error?.invalidParams.length ? edit.error : null} />
      <p className="text-muted text-xs">Saving changes the plan only; if the current phase changes, re-apply it.</p>
      <div className="flex gap-2">
        <Button type="submit" tone="primary" disabled={edit.isPending || reason.trim().length < 3 || runbookInvalid}>
          Save phase
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
