// A complete, immutable set of flags as evaluation sees them, with an ETag that changes whenever any flag is
// created, changed or deleted. Pure (node:crypto only): the snapshot store builds one per reload.
import { createHash } from "node:crypto";
import { fromColumns, sameValue, toWire, type FlagValue, type FlagValueWire } from "./value";

/** The columns evaluation needs, as they come from the `flags` table. */
export type FlagRow = { key: string; kind: "on" | "off" | "percentage"; percentage: number | null; version: number };

type LoadedFlag = { readonly key: string; readonly value: FlagValue; readonly version: number };

export type FlagSet = {
  /** Keyed by flag key, in key order. */
  readonly flags: ReadonlyMap<string, LoadedFlag>;
  /** Opaque; equal ETags mean equal flag sets. */
  readonly etag: string;
};

export function buildFlagSet(rows: readonly FlagRow[]): FlagSet {
  const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const flags = new Map<string, LoadedFlag>();
  const hash = createHash("sha256");
  for (const row of sorted) {
    const value = fromColumns(row.kind, row.percentage);
    flags.set(row.key, Object.freeze({ key: row.key, value, version: row.version }));
    // Every field that changes an answer is hashed, not only the version, so the ETag stays right even if a
    // writer forgets to bump the version; deletions and creations change the key list itself.
    hash.update(`${row.key}\0${row.version}\0${row.kind}\0${row.percentage ?? ""}\n`);
  }
  return Object.freeze({ flags, etag: hash.digest("base64url").slice(0, 22) });
}

/** What the event stream announces: the new value, or null when the flag no longer exists. */
export type FlagChange = { key: string; version: number; value: FlagValueWire | null };

export function changedFlags(before: FlagSet, after: FlagSet): FlagChange[] {
  const changes: FlagChange[] = [];
  for (const flag of after.flags.values()) {
    const old = before.flags.get(flag.key);
    if (!old || old.version !== flag.version || !sameValue(old.value, flag.value)) {
      changes.push({ key: flag.key, version: flag.version, value: toWire(flag.value) });
    }
  }
  for (const old of before.flags.values()) {
    if (!after.flags.has(old.key)) changes.push({ key: old.key, version: old.version, value: null });
  }
  return changes;
}
