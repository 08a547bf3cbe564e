"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FlagValueBadge } from "@/components/flag-value";
import { Button, Field, FormError, TextInput } from "@/components/form-controls";
import { changeImpact } from "@/lib/flags/impact";
import { useUpdateFlag } from "@/lib/flags/mutations";
import { knownIdsQuery } from "@/lib/flags/queries";
import type { FlagDto } from "@/lib/flags/serializers";
import { fromWire, type FlagValueWire } from "@/lib/flags/value";
import { ApiError } from "@/lib/http/api-client";

type Mode = "on" | "off" | "percentage";

/** Change a flag in two steps: choose the value and say why, then confirm after seeing what it does. */
export function FlagEditor({ flag, onDone }: { flag: FlagDto; onDone(): void }) {
  const [mode, setMode] = useState<Mode>(typeof flag.value === "number" ? "percentage" : flag.value);
  const [pct, setPct] = useState(typeof flag.value === "number" ? flag.value : 10);
  const [reason, setReason] = useState("");
  const [reviewing, setReviewing] = useState(false);
  const known = useQuery({ ...knownIdsQuery(flag.key), enabled: reviewing });
  const value: FlagValueWire = mode === "percentage" ? pct : mode;
  const unchanged = value === flag.value;
  const save = useUpdateFlag(flag.key);
  const confirm = () => save.mutate({ value, reason, expectedVersion: flag.version }, { onSuccess: () => onDone() });
  const impact = known.data ? changeImpact(flag.key, fromWire(flag.value), fromWire(value), known.data) : null;
  const reasonError =
    reason.trim().length < 3 ? "Say why (at least 3 characters); it goes into the audit trail." : undefined;

  if (reviewing) {
    return (
      <div className="bg-panel-2 space-y-3 rounded-md p-4 text-sm" data-testid="flag-confirm">
        <p className="flex items-center gap-2">
          <span className="font-mono">{flag.key}</span>: <FlagValueBadge value={flag.value} /> →{" "}
          <FlagValueBadge value={value} />
        </p>
        <p className="text-muted">Reason: {reason}</p>
        <p data-testid="flip-count">
          {known.isPending
            ? "Counting the known ids this would flip…"
            : !impact || impact.total === 0
              ? "No ids have been evaluated for this flag yet, so nothing is known to flip."
              : `Of the last ${impact.total} known ids, ${impact.turnOn} would turn on and ${impact.turnOff} would turn off.`}
        </p>
        <FormError
          error={
            save.error instanceof ApiError && save.error.code === "conflict" ? new Error(save.error.detail) : save.error
          }
        />
        <div className="flex gap-2">
          <Button tone="primary" onClick={confirm} disabled={save.isPending}>
            {save.isPending ? "Applying…" : "Confirm change"}
          </Button>
          <Button onClick={() => setReviewing(false)} disabled={save.isPending}>
            Back
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form
      className="bg-panel-2 space-y-3 rounded-md p-4"
      aria-label={`Change ${flag.key}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!reasonError && !unchanged) setReviewing(true);
      }}
    >
      <fieldset className="flex flex-wrap items-center gap-4 text-sm">
        <legend className="text-muted mb-1 text-xs">Value</legend>
        {(["off", "on", "percentage"] as const).map((m) => (
          <label key={m} className="flex items-center gap-1.5">
            <input type="radio" name={`mode-${flag.key}`} checked={mode === m} onChange={() => setMode(m)} />
            {m === "percentage" ? "percentage of ids" : m}
          </label>
        ))}
      </fieldset>
      {mode === "percentage" ? (
        <div className="flex items-center gap-3">
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            value={pct}
            onChange={(e) => setPct(Number(e.target.value))}
            aria-label="Percentage slider"
            className="accent-[var(--accent)] flex-1"
          />
          <TextInput
            type="number"
            min={0}
            max={100}
            step={1}
            value={pct}
            aria-label="Percentage"
            onChange={(e) => setPct(Math.max(0, Math.min(100, Math.round(Number(e.target.value) || 0))))}
            className="w-20"
          />
          <span className="text-muted text-sm">%</span>
        </div>
      ) : null}
      <Field label="Reason (goes into the audit trail)" error={reason ? reasonError : undefined}>
        <TextInput
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. canary healthy for 24 h, widening"
        />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" tone="primary" disabled={Boolean(reasonError) || unchanged}>
          Review change
        </Button>
        {unchanged ? <span className="text-muted text-xs">That is the current value.</span> : null}
      </div>
    </form>
  );
}
