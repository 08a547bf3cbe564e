// The cohort comparison as a table: per metric the verdict, canary/control effect with its confidence interval and
// the sample sizes. Used on the Health page and in the rollback evidence on Overview.
import { humanize } from "@/lib/format";
import type { CanaryVerdictDto } from "@/lib/canary/serializers";

const num = (x: number | null) => (x === null ? "∞" : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

export const verdictTone = (verdict: string) =>
  verdict === "regressed" ? "text-bad" : verdict === "ok" ? "text-ok" : "text-warn";

export function CanaryComparison({ verdicts, testId }: { verdicts: CanaryVerdictDto[]; testId?: string }) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <thead className="text-muted text-xs">
        <tr>
          <th className="py-1 pr-3 font-medium">Metric</th>
          <th className="py-1 pr-3 font-medium">Verdict</th>
          <th className="py-1 pr-3 font-medium">Canary / control</th>
          <th className="py-1 pr-3 text-right font-medium">Canary samples</th>
          <th className="py-1 text-right font-medium">Control samples</th>
        </tr>
      </thead>
      <tbody>
        {verdicts.map((v) => (
          <tr key={v.metric} className="border-line border-t" data-testid={`canary-row-${v.metric}`} title={v.reason}>
            <td className="py-1 pr-3">{humanize(v.metric)}</td>
            <td className={`py-1 pr-3 font-semibold ${verdictTone(v.verdict)}`} data-verdict={v.verdict}>
              {v.verdict === "insufficient_data" ? "insufficient data" : v.verdict}
            </td>
            <td className="py-1 pr-3 tabular-nums">
              {v.effect
                ? `${num(v.effect.estimate)} (${Math.round(v.effect.confidence * 100)} % CI ${num(v.effect.lower)}–${num(v.effect.upper)})`
                : "—"}
            </td>
            <td className="py-1 pr-3 text-right tabular-nums">{v.canarySamples.toLocaleString()}</td>
            <td className="py-1 text-right tabular-nums">{v.controlSamples.toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
