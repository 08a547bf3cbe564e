// The in-process event hub: what this instance's live streams (server-sent events) announce. Fed by the NOTIFY
// listener (feed.ts) and by the flag snapshot once it holds a change, so a client that re-fetches after an event
// is answered from data that already includes it. Instance-local: to reach every instance, NOTIFY instead.
import { processSingleton } from "../process-singleton";
import type { PhasegateEvent } from "./vocabulary";

export type HubEvent = PhasegateEvent;

export type EventHub = {
  publish(event: HubEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(fn: (event: HubEvent) => void): () => void;
  readonly subscriberCount: number;
};

export function createEventHub(log: (message: string) => void = (m) => console.error(`phasegate: ${m}`)): EventHub {
  const subscribers = new Set<(event: HubEvent) => void>();
  return {
    publish(event) {
      for (const fn of [...subscribers]) {
        try {
          fn(event);
        } catch (error) {
          log(`an event-stream subscriber failed on ${event.type}: ${String(error)}`);
        }
      }
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => void subscribers.delete(fn);
    },
    get subscriberCount() {
      return subscribers.size;
    },
  };
}

/** This process's hub, shared by the custom server and Next's route modules. */
export function eventHub(): EventHub {
  return processSingleton("eventHub", () => createEventHub());
}
