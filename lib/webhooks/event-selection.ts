// What a webhook subscribes to, as an admin writes it: event types from the vocabulary, "*" for all of them, or a
// domain such as "rollout.*". Expanded when saved, so the outbox matches a plain list and a later vocabulary
// change never silently widens an existing subscription. Pure; the Settings form uses it too.
import { SUBSCRIBABLE_EVENT_TYPES, type EventType } from "../events/vocabulary";

export type EventSelection = { events: EventType[]; unknown: { index: number; name: string }[] };

export function expandEventSelection(names: readonly string[]): EventSelection {
  const chosen = new Set<EventType>();
  const unknown: EventSelection["unknown"] = [];
  names.forEach((raw, index) => {
    const name = raw.trim();
    const matches =
      name === "*"
        ? SUBSCRIBABLE_EVENT_TYPES
        : name.endsWith(".*")
          ? SUBSCRIBABLE_EVENT_TYPES.filter((type) => type.startsWith(name.slice(0, -1)))
          : SUBSCRIBABLE_EVENT_TYPES.filter((type) => type === name);
    if (matches.length === 0) unknown.push({ index, name });
    for (const type of matches) chosen.add(type);
  });
  // Vocabulary order, so the same selection always reads the same.
  return { events: SUBSCRIBABLE_EVENT_TYPES.filter((type) => chosen.has(type)), unknown };
}

/** The domains ("rollout", "phase", …) for the form's shortcuts. */
export const EVENT_DOMAINS: readonly string[] = [...new Set(SUBSCRIBABLE_EVENT_TYPES.map((t) => t.split(".")[0]!))];
