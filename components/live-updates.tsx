"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { auditKeys } from "@/lib/audit/queries";
import { flagKeys } from "@/lib/flags/queries";
import { rolloutKeys } from "@/lib/rollout/queries";

type Status = "connecting" | "live" | "reconnecting";

/**
 * Follows the server's event stream and refreshes what changed, so every open dashboard shows a change made
 * anywhere (another operator, the CLI, an automatic rollback) within moments, without polling.
 */
export function useLiveUpdates(): Status {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/v1/events");
    const refresh = (keys: readonly (readonly unknown[])[]) => () => {
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    };
    const onFlag = refresh([flagKeys.all, auditKeys.all]);
    const onPhase = refresh([rolloutKeys.all, flagKeys.all, auditKeys.all]);
    source.addEventListener("flag.changed", onFlag);
    // The server missed database notifications for a while: anything may have changed.
    source.addEventListener("resync", () => void queryClient.invalidateQueries());
    for (const type of ["phase.advanced", "phase.rolled_back", "rollout.emergency_rollback", "rollout.auto_rollback"]) {
      source.addEventListener(type, onPhase);
    }
    source.onopen = () => {
      setStatus("live");
      // Anything may have changed while the stream was down.
      void queryClient.invalidateQueries();
    };
    source.onerror = () => setStatus("reconnecting");
    return () => source.close();
  }, [queryClient]);
  return status;
}

export function LiveIndicator() {
  const status = useLiveUpdates();
  return (
    <span
      className="text-muted flex items-center gap-1.5 text-xs"
      data-testid="live-status"
      title="Changes made anywhere show up here at once"
    >
      <span className={`size-1.5 rounded-full ${status === "live" ? "bg-ok" : "bg-warn animate-pulse"}`} />
      {status === "live" ? "live" : status}
    </span>
  );
}
