// The readiness gate's rule, pure: advancing needs the latest readiness run to be READY and younger than the age
// limit; otherwise the gate fails and lists the checks that are failed or unknown. gate-service.ts reads the run.
import type { GateResult } from "../rollout/gates";
import type { CheckStatus } from "./checks";

export type LatestRunForGate = {
  id: number;
  at: Date;
  ready: boolean;
  passed: number;
  total: number;
  notPassed: { key: string; name: string; status: CheckStatus }[];
};

const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;

export function readinessGateResult(
  latest: LatestRunForGate | null,
  now: Date,
  settings: { maxAgeHours: number; enabled: boolean },
): GateResult {
  const name = "readiness";
  if (!settings.enabled)
    return {
      name,
      status: "pass",
      reason: "The readiness gate is switched off (PHASEGATE_READINESS_GATE=0).",
      evidence: { enabled: false },
    };
  if (!latest)
    return {
      name,
      status: "fail",
      reason: "No readiness run yet: post one from CI (phasegate scan --post) or run one from the Readiness page.",
      evidence: { run: null, maxAgeHours: settings.maxAgeHours },
    };
  const ageMs = now.getTime() - latest.at.getTime();
  const evidence = {
    run: latest.id,
    at: latest.at.toISOString(),
    ageHours: Math.round((ageMs / 3_600_000) * 10) / 10,
    maxAgeHours: settings.maxAgeHours,
    ready: latest.ready,
    passed: latest.passed,
    total: latest.total,
    notPassed: latest.notPassed,
  };
  if (ageMs > settings.maxAgeHours * 3_600_000)
    return {
      name,
      status: "fail",
      reason: `The latest readiness run (#${latest.id}) is ${hours(ageMs)} old; it must be younger than ${settings.maxAgeHours} h. Run it again.`,
      evidence,
    };
  if (!latest.ready) {
    const list = (status: CheckStatus) =>
      latest.notPassed.filter((c) => c.status === status).map((c) => `${c.name} (${c.key})`);
    const failed = list("failed");
    const unknown = list("unknown");
    const parts = [
      ...(failed.length ? [`failed: ${failed.join(", ")}`] : []),
      ...(unknown.length ? [`unknown: ${unknown.join(", ")}`] : []),
    ];
    return {
      name,
      status: "fail",
      reason: `Readiness run #${latest.id} is NOT READY (${latest.passed}/${latest.total}); ${parts.join("; ")}.`,
      evidence,
    };
  }
  return {
    name,
    status: "pass",
    reason: `Readiness run #${latest.id} is READY (${latest.passed}/${latest.total}), ${hours(ageMs)} old.`,
    evidence,
  };
}
