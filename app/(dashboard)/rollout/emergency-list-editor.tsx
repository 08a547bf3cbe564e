"use client";

import { useState } from "react";
import { Button, FormError, TextInput } from "@/components/form-controls";
import { Panel } from "@/components/panel";
import { usePermission } from "@/components/use-permission";
import { useSetEmergencyFlags } from "@/lib/rollout/mutations";

/** The flags the emergency rollback forces off on top of phase 1; admins change the list. */
export function EmergencyListEditor({ flagKeys, forcedOff }: { flagKeys: string[]; forcedOff: string[] }) {
  const isAdmin = usePermission("admin");
  const save = useSetEmergencyFlags();
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState<string[]>(forcedOff);
  const [reason, setReason] = useState("");
  return (
    <Panel
      title="Emergency rollback forces off"
      actions={
        isAdmin && !editing ? (
          <Button
            onClick={() => {
              setChosen(forcedOff);
              setEditing(true);
            }}
          >
            Edit
          </Button>
        ) : null
      }
    >
      {!editing ? (
        <p className="font-mono text-xs" data-testid="emergency-list">
          {forcedOff.length ? forcedOff.join(", ") : "nothing beyond phase 1's state"}
        </p>
      ) : (
        <form
          className="space-y-2 text-sm"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate({ flags: chosen, reason }, { onSuccess: () => setEditing(false) });
          }}
        >
          {flagKeys.map((key) => (
            <label key={key} className="flex items-center gap-2 font-mono text-xs">
              <input
                type="checkbox"
                checked={chosen.includes(key)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, key] : chosen.filter((k) => k !== key))}
              />
              {key}
            </label>
          ))}
          <TextInput value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason" placeholder="Why" />
          <FormError error={save.error} />
          <div className="flex gap-2">
            <Button type="submit" tone="primary" disabled={save.isPending || reason.trim().length < 3}>
              Save list
            </Button>
            <Button onClick={() => setEditing(false)}>Cancel</Button>
          </div>
        </form>
      )}
    </Panel>
  );
}
