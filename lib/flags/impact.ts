// What a value change does to known ids, computed with the same phash2 the services use. Pure; runs in the browser.
import { flagBucket, type IdType } from "./phash2";
import { isEnabledForId, type FlagValue } from "./value";

export type KnownId = { id: string; idType: IdType };

export type Impact = { total: number; turnOn: number; turnOff: number; unchanged: number; unevaluable: number };

export function changeImpact(flagKey: string, from: FlagValue, to: FlagValue, ids: readonly KnownId[]): Impact {
  const impact: Impact = { total: ids.length, turnOn: 0, turnOff: 0, unchanged: 0, unevaluable: 0 };
  for (const { id, idType } of ids) {
    try {
      const before = isEnabledForId(flagKey, from, id, idType);
      const after = isEnabledForId(flagKey, to, id, idType);
      if (before === after) impact.unchanged++;
      else if (after) impact.turnOn++;
      else impact.turnOff++;
    } catch {
      impact.unevaluable++;
    }
  }
  return impact;
}

/** Share (0..1) of the sample that is on at each percentage 0..100: a step curve that follows the buckets. */
export function shareOnByPercentage(flagKey: string, ids: readonly KnownId[]): { percentage: number; share: number }[] {
  const perBucket = new Array<number>(100).fill(0);
  let counted = 0;
  for (const { id, idType } of ids) {
    try {
      perBucket[flagBucket(flagKey, id, idType)]!++;
      counted++;
    } catch {
      // ids that cannot be hashed as their type are left out
    }
  }
  const points = [{ percentage: 0, share: 0 }];
  let cumulative = 0;
  for (let p = 1; p <= 100; p++) {
    cumulative += perBucket[p - 1]!;
    points.push({ percentage: p, share: counted ? cumulative / counted : 0 });
  }
  return points;
}

/** Ids pasted by an operator: one per line, or separated by commas or spaces. */
export function parsePastedIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, 10_000);
}
