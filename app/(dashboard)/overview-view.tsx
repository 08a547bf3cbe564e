"use client";

// The incident view: where the rollout stands, the five metrics as tiles, what is frozen and why, open alerts and
// the last events, with the emergency rollback at hand. Large type and high contrast so it reads on a wall screen;
// live through the event stream (transitions, alerts, and health.ingested for the metrics; polling only as a fallback).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { EmergencyButton } from "@/components/emergency-button";
import { EmptyState } from "@/components/empty-state";
import { Button, FormError, TextInput } from "@/components/form-controls";
import { MetricTiles } from "@/components/metric-tiles";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { usePermission } from "@/components/use-permission";
import { useAcknowledgeAlert } from "@/lib/alerts/mutations";
import { alertsQuery } from "@/lib/alerts/queries";
import { formatAgo, humanize } from "@/lib/format";
import { CanaryComparison, verdictTone } from "@/components/canary-comparison";
import { canaryOverviewQuery } from "@/lib/canary/queries";
import type { CanaryVerdictDto } from "@/lib/canary/serializers";
import { useAcknowledgeFreeze } from "@/lib/health/mutations";
import { healthNowQuery } from "@/lib/health/queries";
import type { GuardStatusDto } from "@/lib/health/serializers";
import { rolloutOverviewQuery, rolloutTimelineQuery } from "@/lib/rollout/queries";

export function OverviewView() {
  const rollout = useQuery(rolloutOverviewQuery());
  const health = useQuery(healthNowQuery());
  const alerts = useQuery(alertsQuery("open"));
  const timeline = useQuery(rolloutTimelineQuery());
  return (
    <div className="space-y-4">
      {health.data?.simulated ? (
        <p className="border-warn bg-warn/10 rounded-md border px-4 py-2 text-sm" data-testid="simulated-banner">
          <strong>Simulated data.</strong> This demo database is fed by Phasegate&apos;s built-in simulator (5 nodes,
          scenario &ldquo;steady&rdquo;), not by a real system.
        </p>
      ) : null}
      {health.data?.guard.frozen ? <FrozenBanner guard={health.data.guard} /> : null}
      <CanaryLine />
      <section className="border-line bg-panel flex flex-wrap items-center justify-between gap-4 rounded-lg border p-4">
        <QueryState query={rollout} label="the rollout">
          {({ state, phases }) => {
            const phase = phases.find((p) => p.number === state.currentPhase);
            return (
              <div data-testid="overview-phase">
                <div className="text-muted text-sm">Current phase</div>
                <div className="text-3xl font-semibold">
                  {phase ? `Phase ${phase.number}: ${phase.name}` : "Not started"}
                </div>
                <div className="mt-1 text-sm">
                  Status:{" "}
                  <strong
                    className={
                      state.status === "active" ? "text-ok" : state.status === "frozen" ? "text-warn" : "text-bad"
                    }
                  >
                    {humanize(state.status)}
                  </strong>{" "}
                  ·{" "}
                  <Link className="text-accent hover:underline" href="/rollout">
                    the plan
                  </Link>
                </div>
              </div>
            );
          }}
        </QueryState>
        <EmergencyButton />
      </section>
      <QueryState query={health} label="the metrics">
        {(data) => (
          <>
            {data.tiles.every((t) => t.reading.state === "no_data" && t.reading.newestSampleAt === null) ? (
              <EmptyState title="No health reports yet">
                <p>
                  The metrics below fill in once the monitored services send interval reports (POST /api/v1/ingest with
                  an ingest token). Missing data reads &ldquo;no data&rdquo;, never zero, and never triggers a rollback.
                </p>
              </EmptyState>
            ) : null}
            <MetricTiles tiles={data.tiles} required={data.guard.consecutiveRequired} />
            {data.stale.length ? (
              <p className="text-warn text-sm" data-testid="stale-reporters">
                Stale reporters: {data.stale.map((s) => `${s.node} (silent ${s.silentSeconds} s)`).join(", ")}
              </p>
            ) : null}
          </>
        )}
      </QueryState>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Active alerts">
          <QueryState query={alerts} label="alerts">
            {(list) => <AlertList alerts={list} />}
          </QueryState>
        </Panel>
        <Panel title="Last events">
          <QueryState query={timeline} label="events">
            {(list) => (
              <ul className="space-y-2 text-sm" data-testid="last-events">
                {list.slice(0, 8).map((e) => (
                  <li key={e.id}>
                    <span className="font-medium">{humanize(e.action.replace(".", " "))}</span>{" "}
                    <span className="text-muted">
                      by {e.actor}, {formatAgo(e.at)}
                    </span>
                    {e.reason ? <div className="text-muted text-xs">{e.reason}</div> : null}
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </Panel>
      </div>
    </div>
  );
}

function FrozenBanner({ guard }: { guard: GuardStatusDto }) {
  const mayOperate = usePermission("operate");
  const acknowledge = useAcknowledgeFreeze();
  const [reason, setReason] = useState("");
  const frozen = guard.frozen!;
  return (
    <section className="border-bad bg-bad/10 rounded-lg border-2 p-4" role="alert" data-testid="frozen-banner">
      <h2 className="text-bad text-xl font-semibold">
        {frozen.evidence ? "Frozen after an automatic rollback" : "Frozen by an operator"}
      </h2>
      <p className="mt-1 text-base">{frozen.reason}</p>
      <CanaryEvidence evidence={frozen.evidence} />
      <p className="text-muted mt-1 text-sm">
        Advancing is refused until an operator or admin acknowledges; acknowledging ends the freeze and changes no flag.
        {guard.cooldownUntil
          ? ` No second automatic rollback before ${new Date(guard.cooldownUntil).toLocaleTimeString()}.`
          : ""}
      </p>
      {mayOperate ? (
        <form
          className="mt-3 flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            acknowledge.mutate(reason, { onSuccess: () => setReason("") });
          }}
        >
          <TextInput
            aria-label="Why it is safe to continue"
            placeholder="Why it is safe to continue"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className="max-w-md"
            required
          />
          <Button type="submit" tone="primary" disabled={acknowledge.isPending}>
            Acknowledge and unfreeze
          </Button>
          <FormError error={acknowledge.error} />
        </form>
      ) : (
        <p className="mt-2 text-sm">An operator or admin can acknowledge it.</p>
      )}
    </section>
  );
}

function AlertList({
  alerts,
}: {
  alerts: { id: string; title: string; detail: string; severity: string; openedAt: string }[];
}) {
  const mayOperate = usePermission("operate");
  const acknowledge = useAcknowledgeAlert();
  if (alerts.length === 0) return <p className="text-muted text-sm">No open alerts.</p>;
  return (
    <ul className="space-y-2" data-testid="active-alerts">
      {alerts.slice(0, 8).map((a) => (
        <li key={a.id} className="flex items-start justify-between gap-3">
          <div>
            <div
              className={`font-medium ${a.severity === "critical" ? "text-bad" : a.severity === "warning" ? "text-warn" : ""}`}
            >
              {a.title}
            </div>
            <div className="text-muted text-xs">
              {formatAgo(a.openedAt)} · {a.detail}
            </div>
          </div>
          {mayOperate ? (
            <Button onClick={() => acknowledge.mutate(a.id)} disabled={acknowledge.isPending}>
              Acknowledge
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

type CanaryEvidenceFlag = { flag: string; percentage: number; overall: string; verdicts: CanaryVerdictDto[] };

/** The cohort comparison the guard stored with its rollback: shown for each flag that regressed. */
function CanaryEvidence({ evidence }: { evidence: unknown }) {
  const flags = ((evidence as { canary?: CanaryEvidenceFlag[] } | null)?.canary ?? []).filter(
    (f) => f.overall === "regressed",
  );
  if (flags.length === 0) return null;
  return (
    <div className="mt-3 space-y-2" data-testid="rollback-canary-evidence">
      {flags.map((f) => (
        <div key={f.flag}>
          <p className="text-sm font-semibold">
            Canary against control: {f.flag} at {f.percentage} %
          </p>
          <CanaryComparison verdicts={f.verdicts} />
        </div>
      ))}
    </div>
  );
}

const fmt = (x: number | null) => (x === null ? "∞" : x.toPrecision(3));

/** One line per flag under a percentage rollout: the canary judge's verdict now, and the metric that decides it. */
function CanaryLine() {
  const canary = useQuery(canaryOverviewQuery());
  const flags = canary.data?.flags ?? [];
  if (flags.length === 0) return null;
  return (
    <section className="border-line bg-panel rounded-lg border px-4 py-2 text-base" data-testid="canary-line">
      {flags.map((f) => {
        const worst =
          f.verdicts.find((v) => v.verdict === "regressed") ??
          f.verdicts.find((v) => v.verdict === "insufficient_data");
        return (
          <p key={f.flag} data-overall={f.overall}>
            Canary {f.flag} at {f.percentage} %:{" "}
            <strong className={verdictTone(f.overall)}>{humanize(f.overall)}</strong>
            {worst
              ? ` — ${humanize(worst.metric)}${worst.effect ? ` canary/control ${fmt(worst.effect.estimate)} (CI ${fmt(worst.effect.lower)}–${fmt(worst.effect.upper)})` : ""}, ${worst.canarySamples.toLocaleString()} vs ${worst.controlSamples.toLocaleString()} samples`
              : f.overall === "ok"
                ? " — every metric within its policy"
                : ""}{" "}
            <Link href="/health" className="text-accent text-sm underline">
              details
            </Link>
          </p>
        );
      })}
    </section>
  );
}
