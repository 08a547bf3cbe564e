"use client";

// Canary against control for every flag under a percentage rollout: per metric both cohorts' values over the current
// split, the canary/control ratio with its anytime-valid confidence interval, the verdict, the sample sizes and the
// time the judge took to decide (docs/CANARY-OPERATIONS.md).
import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { CanaryComparison, verdictTone } from "@/components/canary-comparison";
import { ChartFrame, chartColors } from "@/components/chart-frame";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { humanize } from "@/lib/format";
import { canaryOverviewQuery } from "@/lib/canary/queries";
import type { CanaryFlagDto } from "@/lib/canary/serializers";

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

export function CanaryPanel() {
  const canary = useQuery(canaryOverviewQuery());
  return (
    <Panel title="Canary against control">
      <div className="p-4">
        <QueryState query={canary} label="the canary analysis">
          {(data) =>
            data.flags.length === 0 ? (
              <p className="text-muted text-sm" data-testid="canary-none">
                No flag is under a percentage rollout: there is no canary to compare.
              </p>
            ) : (
              <div className="space-y-6">
                {data.flags.map((f) => (
                  <CanaryFlag key={f.flag} flag={f} maxDegradation={data.policies} now={data.now} />
                ))}
              </div>
            )
          }
        </QueryState>
      </div>
    </Panel>
  );
}

function CanaryFlag({
  flag,
  maxDegradation,
  now,
}: {
  flag: CanaryFlagDto;
  maxDegradation: { metric: string; maxDegradation: number }[];
  /** The server's (rollout) clock, so the elapsed time agrees with the judge's. */
  now: string;
}) {
  const elapsed = Math.max(0, Math.round((Date.parse(now) - Date.parse(flag.since)) / 60_000));
  return (
    <section data-testid={`canary-flag-${flag.flag}`} data-overall={flag.overall}>
      <h3 className="text-base font-semibold">
        {flag.flag} at {flag.percentage} % <span className={verdictTone(flag.overall)}>{humanize(flag.overall)}</span>
        <span className="text-muted ml-2 text-sm font-normal">since {new Date(flag.since).toLocaleString()}</span>
      </h3>
      {flag.overall === "no_data" ? (
        <p className="text-muted text-sm">
          No report carries this flag&apos;s cohorts yet, so nothing is judged and the health gate holds the advance:
          the monitored system labels its counters with cohort(Flag, Id).
        </p>
      ) : (
        <>
          <CanaryComparison verdicts={flag.verdicts} testId={`canary-table-${flag.flag}`} />
          <div className="mt-3 grid gap-4 lg:grid-cols-2">
            {flag.verdicts.map((v) => {
              const points = flag.series.filter((p) => p.metric === v.metric);
              const decided = flag.decidedAt[v.metric];
              const limit = maxDegradation.find((p) => p.metric === v.metric)?.maxDegradation;
              return (
                <figure
                  key={v.metric}
                  className="border-line rounded-md border p-3"
                  data-testid={`canary-chart-${v.metric}`}
                >
                  <figcaption className="mb-1 flex justify-between text-sm">
                    <span>{humanize(v.metric)}</span>
                    <span className="text-muted" data-testid={`time-to-decision-${v.metric}`}>
                      {decided
                        ? `decided ${decided.verdict} after ${decided.minutes} min`
                        : `undecided after ${elapsed} min`}
                    </span>
                  </figcaption>
                  <p className="text-muted mb-1 text-xs">
                    Red: canary, blue: control (left axis); amber: canary/control with its confidence interval, dashed
                    red: the largest acceptable ratio (right axis).
                  </p>
                  <ChartFrame label={`${humanize(v.metric)}: canary against control`} height={180}>
                    <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                      <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" />
                      <XAxis
                        dataKey="at"
                        tickFormatter={time}
                        stroke={chartColors.text}
                        fontSize={11}
                        minTickGap={32}
                      />
                      <YAxis yAxisId="value" stroke={chartColors.text} fontSize={11} width={44} />
                      <YAxis yAxisId="ratio" orientation="right" stroke={chartColors.text} fontSize={11} width={40} />
                      <Tooltip labelFormatter={(l) => new Date(String(l)).toLocaleString()} />
                      {(["lower", "upper"] as const).map((bound) => (
                        <Line
                          key={bound}
                          yAxisId="ratio"
                          dataKey={bound}
                          name={`ratio CI ${bound}`}
                          stroke={chartColors.warn}
                          strokeDasharray="3 3"
                          dot={false}
                          connectNulls={false}
                          isAnimationActive={false}
                        />
                      ))}
                      <Line
                        yAxisId="ratio"
                        dataKey="estimate"
                        name="canary/control"
                        stroke={chartColors.warn}
                        dot={false}
                        isAnimationActive={false}
                      />
                      <Line
                        yAxisId="value"
                        dataKey="canary"
                        name="canary"
                        stroke={chartColors.bad}
                        dot={false}
                        isAnimationActive={false}
                      />
                      <Line
                        yAxisId="value"
                        dataKey="control"
                        name="control"
                        stroke={chartColors.line}
                        dot={false}
                        isAnimationActive={false}
                      />
                      {limit ? (
                        <ReferenceLine yAxisId="ratio" y={limit} stroke={chartColors.bad} strokeDasharray="6 4" />
                      ) : null}
                    </LineChart>
                  </ChartFrame>
                </figure>
              );
            })}
          </div>
        </>
      )}
    </section>
  );
}
