"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { EVENTS, EVENT_TYPES } from "@/lib/events/vocabulary";

type Status = "connecting" | "live" | "reconnecting";

/**
 * Follows the server's event stream and refreshes what changed, so every open dashboard shows a change made
 * anywhere (another operator, the CLI, an automatic rollback) within moments, without polling. What each event
 * makes stale comes from the event vocabulary; the server sends only the events this person may see.
 */
export function useLiveUpdates(): Status {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/v1/events");
    for (const type of EVENT_TYPES) {
      const { invalidates } = EVENTS[type];
      source.addEventListener(type, () => {
        if (invalidates === "everything") void queryClient.invalidateQueries();
        else for (const root of invalidates) void queryClient.invalidateQueries({ queryKey: [root] });
      });
    }
    let connectedBefore = false;
    source.onopen = () => {
      setStatus("live");
      // After a reconnect anything may have changed while the stream was down; the first connect finds the
      // queries just fetched, so refreshing them all would only double the page's load.
      if (connectedBefore) void queryClient.invalidateQueries();
      connectedBefore = true;
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
