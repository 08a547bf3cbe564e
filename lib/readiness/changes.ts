// What changed between two readiness runs: checks whose status flipped, and scan findings added or removed, matched
// by fingerprint (which survives unrelated lines moving). Pure; the browser may import it.
import type { CheckStatus } from "./checks";
import type { ScanFinding } from "./scan-report";

export type ComparableResult = { key: string; name: string; status: CheckStatus; findings: readonly ScanFinding[] };

export type RunChanges = {
  previousRunId: number;
  flipped: { key: string; name: string; from: CheckStatus | null; to: CheckStatus }[];
  findingsAdded: (ScanFinding & { key: string })[];
  findingsRemoved: (ScanFinding & { key: string })[];
};

export function runChanges(
  previousRunId: number,
  previous: readonly ComparableResult[],
  current: readonly ComparableResult[],
): RunChanges {
  const before = new Map(previous.map((r) => [r.key, r]));
  const after = new Map(current.map((r) => [r.key, r]));
  const flipped = current
    .filter((r) => before.get(r.key)?.status !== r.status)
    .map((r) => ({ key: r.key, name: r.name, from: before.get(r.key)?.status ?? null, to: r.status }));
  const prints = (results: Map<string, ComparableResult>, key: string) =>
    new Set((results.get(key)?.findings ?? []).map((f) => f.fingerprint));
  const findingsAdded = current.flatMap((r) => {
    const old = prints(before, r.key);
    return r.findings.filter((f) => !old.has(f.fingerprint)).map((f) => ({ ...f, key: r.key }));
  });
  const findingsRemoved = previous.flatMap((r) => {
    const now = prints(after, r.key);
    return r.findings.filter((f) => !now.has(f.fingerprint)).map((f) => ({ ...f, key: r.key }));
  });
  return { previousRunId, flipped, findingsAdded, findingsRemoved };
}
