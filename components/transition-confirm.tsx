"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/http/api-client";
import { useRolloutTransition } from "@/lib/rollout/mutations";
import { transitionPreviewQuery } from "@/lib/rollout/queries";
import type { TransitionAction } from "@/lib/rollout/transitions";
import { FlagDiff } from "./flag-diff";
import { Button, Field, FormError, TextInput } from "./form-controls";
import { GateList } from "./gate-list";
import { usePermission } from "./use-permission";

const TITLES: Record<TransitionAction, string> = {
  start: "Start the rollout",
  advance: "Advance",
  rollback: "Roll back",
  emergency: "Emergency rollback",
  reapply: "Re-apply phase",
};

/**
 * The confirm step of every flag-changing rollout button: what phase it lands on, exactly which flags change from
 * what to what (from the server's preview), the gates, a reason, and for the emergency rollback the word ROLLBACK.
 */
export function TransitionConfirm({ action, onClose }: { action: TransitionAction; onClose(): void }) {
  const preview = useQuery(transitionPreviewQuery(action));
  const transition = useRolloutTransition(action);
  const isAdmin = usePermission("admin");
  const [reason, setReason] = useState("");
  const [word, setWord] = useState("");
  const [override, setOverride] = useState(false);
  const data = preview.data;
  const unmet = data?.gates.filter((g) => g.status !== "pass") ?? [];
  const reasonOk = reason.trim().length >= 3;
  const wordOk = action !== "emergency" || word === "ROLLBACK";
  const gatesOk = unmet.length === 0 || override;
  const result = transition.data;
  const error = transition.error;

  return (
    <div className="bg-panel-2 space-y-3 rounded-md p-4 text-sm" data-testid={`confirm-${action}`}>
      <p className="font-semibold">{TITLES[action]}</p>
      {result ? (
        <>
          <p role="status" data-testid="transition-result">
            {result.message}
          </p>
          <FlagDiff changes={result.changes} />
          <Button onClick={onClose}>Close</Button>
        </>
      ) : !data ? (
        <p className="text-muted">
          {preview.isError ? "Could not load what this would change." : "Working out what changes…"}
        </p>
      ) : !data.allowed ? (
        <>
          <p className="text-bad" role="alert">
            {data.refusal}
          </p>
          <Button onClick={onClose}>Close</Button>
        </>
      ) : (
        <form
          className="space-y-3"
          aria-label={TITLES[action]}
          onSubmit={(event) => {
            event.preventDefault();
            if (!reasonOk || !wordOk || !gatesOk) return;
            transition.mutate({
              reason,
              expectedVersion: data.version,
              from: data.from,
              override: unmet.length > 0 && override,
            });
          }}
        >
          <p data-testid="transition-target">
            {data.from === null ? "Not started" : `Phase ${data.from}`} → Phase {data.to}
          </p>
          <FlagDiff changes={data.changes} />
          <GateList gates={data.gates} />
          {unmet.length > 0 ? (
            isAdmin ? (
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
                Override {unmet.map((g) => g.name).join(", ")} (recorded in the audit trail)
              </label>
            ) : (
              <p className="text-bad">Unmet gates block this advance; an admin may override them.</p>
            )
          ) : null}
          <Field label="Reason (goes into the audit trail)">
            <TextInput
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-label="Reason"
              placeholder="e.g. phase healthy, monitored for the full time"
            />
          </Field>
          {action === "emergency" ? (
            <Field label="Type ROLLBACK to confirm">
              <TextInput value={word} onChange={(e) => setWord(e.target.value)} aria-label="Type ROLLBACK" />
            </Field>
          ) : null}
          <FormError
            error={
              error instanceof ApiError && error.code === "conflict"
                ? new Error(`${error.detail} The preview has been refreshed.`)
                : error
            }
          />
          <div className="flex gap-2">
            <Button
              type="submit"
              tone={action === "emergency" || action === "rollback" ? "danger" : "primary"}
              disabled={!reasonOk || !wordOk || !gatesOk || transition.isPending}
            >
              {transition.isPending ? "Applying…" : `Confirm ${TITLES[action].toLowerCase()}`}
            </Button>
            <Button onClick={onClose} disabled={transition.isPending}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
