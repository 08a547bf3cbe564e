"use client";

import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, chartColors } from "@/components/chart-frame";
import { Panel } from "@/components/panel";
import { shareOnByPercentage, type KnownId } from "@/lib/flags/impact";
import { knownIdsQuery } from "@/lib/flags/queries";
import type { FlagDto } from "@/lib/flags/serializers";

/** Without evaluations yet, a fixed synthetic sample shows the curve the buckets follow. */
const SYNTHETIC: KnownId[] = Array.from({ length: 1000 }, (_, i) => ({ id: `id-${i}`, idType: "string" }));

export function SampleChart({ flag }: { flag: FlagDto }) {
  const known = useQuery(knownIdsQuery(flag.key));
  const real = (known.data?.length ?? 0) > 0;
  const sample = real ? known.data! : SYNTHETIC;
  const curve = shareOnByPercentage(flag.key, sample).map((p) => ({
    percentage: p.percentage,
    share: Math.round(p.share * 1000) / 10,
  }));
  const current = typeof flag.value === "number" ? flag.value : flag.value === "on" ? 100 : 0;
  return (
    <Panel title={`Share of ${real ? `the ${sample.length} known ids` : "a 1,000-id sample"} that is on: ${flag.key}`}>
      <ChartFrame label={`Share of the sample that is on at each percentage of ${flag.key}`}>
        <LineChart data={curve} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="percentage"
            type="number"
            domain={[0, 100]}
            tick={{ fill: chartColors.text, fontSize: 11 }}
            unit="%"
          />
          <YAxis domain={[0, 100]} tick={{ fill: chartColors.text, fontSize: 11 }} unit="%" width={44} />
          <Tooltip
            formatter={(v) => [`${v}% of the sample on`, "share"]}
            labelFormatter={(p) => `at ${p}%`}
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--line)", color: "var(--text)" }}
          />
          <ReferenceLine
            x={current}
            stroke={chartColors.warn}
            strokeDasharray="4 2"
            label={{ value: "now", fill: chartColors.warn, fontSize: 11 }}
          />
          <Line
            type="stepAfter"
            dataKey="share"
            stroke={chartColors.line}
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ChartFrame>
      <p className="text-muted mt-2 text-xs">
        At the current value, {curve[current]?.share ?? 0}% of this sample is on.{" "}
        {real
          ? "The sample is the ids services recently evaluated."
          : "No ids have been evaluated for this flag yet; the sample is synthetic."}
      </p>
    </Panel>
  );
}
