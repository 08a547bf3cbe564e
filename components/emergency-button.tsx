"use client";

import { useState } from "react";
import { Button } from "./form-controls";
import { TransitionConfirm } from "./transition-confirm";
import { usePermission } from "./use-permission";

/** In every page's header for operators and admins: back to phase 1 with the risky flags off, result in place. */
export function EmergencyButton() {
  const mayOperate = usePermission("operate");
  const [open, setOpen] = useState(false);
  if (!mayOperate) return null;
  return (
    <div className="relative">
      <Button tone="danger" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        Emergency rollback
      </Button>
      {open ? (
        <div className="border-line bg-panel absolute right-0 z-20 mt-2 w-[28rem] rounded-lg border shadow-lg">
          <TransitionConfirm action="emergency" onClose={() => setOpen(false)} />
        </div>
      ) : null}
    </div>
  );
}
