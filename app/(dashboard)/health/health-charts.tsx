"use client";

// One chart per metric over the chosen range, with its threshold as a dashed line and vertical markers where a
// phase changed, a rollback happened or a flag changed. Gaps where nothing was measured (never drawn as zero).
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, chartColors } from "@/components/chart-frame";
import { humanize } from "@/lib/format";
import { METRICS, METRIC_KEYS } from "@/lib/health/metrics";
import type { HealthChartsDto } from "@/lib/health/serializers";

const time = (iso: string, range: string) =>
  range === "7d"
    ? new Date(iso).toLocaleDateString(undefined, { weekday: "short", hour: "2-digit" })
    : new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

const markerColor = (action: string) =>
  action === "flag.changed"
    ? chartColors.text
    : action.includes("rollback") || action.includes("rolled")
      ? chartColors.bad
      : chartColors.ok;

export function MetricCharts({ data }: { data: HealthChartsDto }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {METRIC_KEYS.map((metric) => {
        const threshold = data.thresholds.find((t) => t.metric === metric && t.enabled);
        return (
          <section key={metric} className="border-line bg-panel rounded-lg border p-4" data-testid={`chart-${metric}`}>
            <h3 className="mb-2 text-sm font-semibold">
              {humanize(metric)} <span className="text-muted font-normal">({METRICS[metric].unit})</span>
            </h3>
            <ChartFrame label={`${humanize(metric)} over ${data.range}`} height={200}>
              <LineChart data={data.points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" />
                <XAxis
                  dataKey="at"
                  tickFormatter={(v: string) => time(v, data.range)}
                  stroke={chartColors.text}
                  fontSize={11}
                  minTickGap={32}
                />
                <YAxis stroke={chartColors.text} fontSize={11} width={44} />
                <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} />
                <Line
                  type="monotone"
                  dataKey={metric}
                  stroke={chartColors.line}
                  dot={false}
                  connectNulls={false}
                  isAnimationActive={false}
                />
                {threshold ? (
                  <ReferenceLine
                    y={threshold.value}
                    stroke={chartColors.bad}
                    strokeDasharray="6 4"
                    label={{
                      value: `threshold ${threshold.value}`,
                      fill: chartColors.bad,
                      fontSize: 11,
                      position: "insideTopRight",
                    }}
                  />
                ) : null}
                {data.markers.map((m) => (
                  <ReferenceLine
                    key={`${m.at}-${m.action}-${m.label}`}
                    x={nearestPoint(data, m.at)}
                    stroke={markerColor(m.action)}
                    strokeDasharray="2 2"
                    label={{ value: m.label, fontSize: 10, fill: markerColor(m.action), position: "insideTopLeft" }}
                  />
                ))}
              </LineChart>
            </ChartFrame>
          </section>
        );
      })}
    </div>
  );
}

/** Markers sit on the category axis: the bucket that contains them. */
function nearestPoint(data: HealthChartsDto, at: string): string | undefined {
  const t = Date.parse(at);
  let best: string | undefined;
  for (const p of data.points) if (Date.parse(p.at) <= t) best = p.at;
  return best ?? data.points[0]?.at;
}
