// Feeds NOTIFY events into this instance's hub, for the live streams. Every event of the vocabulary is forwarded;
// each stream decides what its caller may receive (lib/events/vocabulary.ts: audience) and ends the streams an event
// revokes. Flag changes (flag.*) are the exception: the flag snapshot announces them once it holds them
// (lib/flags/snapshot.ts), so a client reacting to the event never re-fetches the old value.
import { notifyListener, type NotifyListener } from "../db/notify";
import { processSingleton, releaseProcessSingleton } from "../process-singleton";
import { eventHub, type EventHub } from "./hub";
import type { PhasegateEvent } from "./vocabulary";

export function isForwarded(event: PhasegateEvent): boolean {
  return event.type !== "flag.changed" && event.type !== "flag.created";
}

export function feedHubFromListener(listener: NotifyListener, hub: EventHub): () => void {
  return listener.subscribe((event) => {
    if (isForwarded(event)) hub.publish(event);
  });
}

/** Starts this process's feed once; later calls are no-ops. */
export function startEventFeed(): void {
  processSingleton("eventFeed", () => feedHubFromListener(notifyListener(), eventHub()));
}

export function stopEventFeed(): void {
  releaseProcessSingleton<() => void>("eventFeed")?.();
}
