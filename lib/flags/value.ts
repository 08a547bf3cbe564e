// A flag's value, as the plan defines it: on, off, or a percentage rollout 0..100. Pure.
import { flagBucket, type IdType } from "./phash2";

export type FlagValue = { kind: "on" } | { kind: "off" } | { kind: "percentage"; percentage: number };

/** On the wire and in the plan: "on", "off", or an integer percentage. */
export type FlagValueWire = "on" | "off" | number;

export const ON: FlagValue = { kind: "on" };
export const OFF: FlagValue = { kind: "off" };

export function percentage(p: number): FlagValue {
  if (!Number.isInteger(p) || p < 0 || p > 100) throw new RangeError(`percentage must be an integer 0..100, got ${p}`);
  return { kind: "percentage", percentage: p };
}

export function fromWire(value: FlagValueWire): FlagValue {
  if (value === "on") return ON;
  if (value === "off") return OFF;
  return percentage(value);
}

export function toWire(value: FlagValue): FlagValueWire {
  return value.kind === "percentage" ? value.percentage : value.kind;
}

/** From the database's (kind, percentage) columns. */
export function fromColumns(kind: "on" | "off" | "percentage", pct: number | null): FlagValue {
  return kind === "percentage" ? percentage(pct ?? 0) : kind === "on" ? ON : OFF;
}

export function toColumns(value: FlagValue): { kind: FlagValue["kind"]; percentage: number | null } {
  return { kind: value.kind, percentage: value.kind === "percentage" ? value.percentage : null };
}

export function describe(value: FlagValue): string {
  return value.kind === "percentage" ? `${value.percentage}%` : value.kind;
}

export function sameValue(a: FlagValue, b: FlagValue): boolean {
  return a.kind === b.kind && (a.kind !== "percentage" || a.percentage === (b as { percentage: number }).percentage);
}

/**
 * `enabled?(flag)`: true only when the flag is on. (The plan's Elixir returns the raw percentage here, which is
 * truthy for any percentage, even 0; Phasegate treats a percentage flag as not globally enabled.)
 */
export function isEnabled(value: FlagValue): boolean {
  return value.kind === "on";
}

/** `enabled_for_id?(flag, id)`: on -> true, off -> false, p -> erlang:phash2({flag, id}, 100) < p. */
export function isEnabledForId(flagKey: string, value: FlagValue, id: string, idType: IdType = "string"): boolean {
  if (value.kind === "on") return true;
  if (value.kind === "off") return false;
  return flagBucket(flagKey, id, idType) < value.percentage;
}
