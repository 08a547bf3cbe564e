// Feeds NOTIFY events into this instance's hub, for the live streams. Only the rollout vocabulary is streamed:
// internal events (tokens.changed, user.*, webhook.*) invalidate caches and never reach stream clients. flag.*
// events are not forwarded here either: the flag snapshot announces a change once it holds it (lib/flags/
// snapshot.ts), so a client reacting to the event never re-fetches the old value. `resync` is forwarded: browsers
// then refresh everything they show.
import { notifyListener, type NotifyListener, type PhasegateEvent } from "../db/notify";
import { processSingleton, releaseProcessSingleton } from "../process-singleton";
import { eventHub, type EventHub } from "./hub";

const STREAMED_PREFIXES = ["phase.", "rollout.", "threshold.", "alert.", "readiness.", "runbook."];

export function isStreamed(event: PhasegateEvent): boolean {
  return event.type === "resync" || STREAMED_PREFIXES.some((prefix) => event.type.startsWith(prefix));
}

export function feedHubFromListener(listener: NotifyListener, hub: EventHub): () => void {
  return listener.subscribe((event) => {
    if (isStreamed(event)) hub.publish(event);
  });
}

/** Starts this process's feed once; later calls are no-ops. */
export function startEventFeed(): void {
  processSingleton("eventFeed", () => feedHubFromListener(notifyListener(), eventHub()));
}

export function stopEventFeed(): void {
  releaseProcessSingleton<() => void>("eventFeed")?.();
}
