import type { GateResult } from "@/lib/rollout/gates";

const STYLE = { pass: "text-ok", fail: "text-bad", unavailable: "text-warn" } as const;

/** Each gate on advance with its verdict and reason. */
export function GateList({ gates }: { gates: GateResult[] }) {
  if (gates.length === 0) return null;
  return (
    <ul className="space-y-1 text-sm" data-testid="gate-list">
      {gates.map((gate) => (
        <li key={gate.name} data-testid={`gate-${gate.name}`} data-status={gate.status}>
          <span className={`font-medium ${STYLE[gate.status]}`}>
            {gate.name}: {gate.status}
          </span>{" "}
          <span className="text-muted">{gate.reason}</span>
        </li>
      ))}
    </ul>
  );
}
