"use client";

import { useState } from "react";
import { Button, Field, FormError, TextInput } from "@/components/form-controls";
import { ApiError } from "@/lib/http/api-client";
import { useFreeze } from "@/lib/rollout/mutations";
import type { RolloutStateDto } from "@/lib/rollout/serializers";

/**
 * Freeze or unfreeze the rollout, with a confirm step that says exactly what changes (the status, no flag) and a
 * reason for the audit trail. The freeze is the same one the guard sets after an automatic rollback.
 */
export function FreezeControl({ state }: { state: RolloutStateDto }) {
  // What the operator opened is what is confirmed, even after the answer has changed the status.
  const [opened, setOpened] = useState<"freeze" | "unfreeze" | null>(null);
  const kind = opened ?? (state.status === "frozen" ? "unfreeze" : "freeze");
  const frozen = kind === "unfreeze";
  const mutation = useFreeze(kind);
  const open = opened !== null;
  const setOpen = (value: boolean) => setOpened(value ? kind : null);
  const [reason, setReason] = useState("");
  const reasonOk = reason.trim().length >= 3;
  const close = () => {
    setOpen(false);
    setReason("");
    mutation.reset();
  };
  if (!open)
    return (
      <Button tone={frozen ? "primary" : "default"} onClick={() => setOpen(true)}>
        {frozen ? "Unfreeze" : "Freeze"}
      </Button>
    );
  return (
    <div className="bg-panel-2 basis-full space-y-3 rounded-md p-4 text-sm" data-testid={`confirm-${kind}`}>
      <p className="font-semibold">{frozen ? "Unfreeze the rollout" : "Freeze the rollout"}</p>
      {mutation.data ? (
        <>
          <p role="status" data-testid="freeze-result">
            {mutation.data.message}
          </p>
          <Button onClick={close}>Close</Button>
        </>
      ) : (
        <form
          className="space-y-3"
          aria-label={frozen ? "Unfreeze the rollout" : "Freeze the rollout"}
          onSubmit={(event) => {
            event.preventDefault();
            if (reasonOk) mutation.mutate({ reason, expectedVersion: state.version });
          }}
        >
          <p data-testid="freeze-change">
            Status: {frozen ? "frozen" : state.status.replace("_", " ")} →{" "}
            {frozen ? "no longer frozen: advancing is possible again" : "frozen: advancing is refused until unfrozen"}.
            No flag changes.
          </p>
          <Field label="Reason (goes into the audit trail)">
            <TextInput value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason" />
          </Field>
          <FormError
            error={
              mutation.error instanceof ApiError && mutation.error.code === "conflict"
                ? new Error(`${mutation.error.detail} The page has been refreshed.`)
                : mutation.error
            }
          />
          {!reasonOk && reason.length > 0 ? <p className="text-bad">Say why (at least 3 characters).</p> : null}
          <div className="flex gap-2">
            <Button type="submit" tone={frozen ? "primary" : "danger"} disabled={!reasonOk || mutation.isPending}>
              {mutation.isPending ? "Applying…" : frozen ? "Confirm unfreeze" : "Confirm freeze"}
            </Button>
            <Button onClick={close} disabled={mutation.isPending}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
