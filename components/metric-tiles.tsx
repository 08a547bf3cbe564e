"use client";

// The five metrics as tiles, large enough for a wall screen: ok, violating (with how many guard evaluations in a
// row), or no data (with the age of the newest sample; never shown as 0).
import { humanize } from "@/lib/format";
import type { MetricTileDto } from "@/lib/health/serializers";

const fmt = (value: number, unit: string) =>
  `${value >= 100 || Number.isInteger(value) ? Math.round(value) : value.toFixed(unit === "%" ? 2 : 1)}`;

function age(seconds: number | null): string {
  if (seconds === null) return "never reported";
  if (seconds < 90) return `newest sample ${seconds} s ago`;
  if (seconds < 5400) return `newest sample ${Math.round(seconds / 60)} min ago`;
  return `newest sample ${Math.round(seconds / 3600)} h ago`;
}

export function MetricTiles({ tiles, required }: { tiles: MetricTileDto[]; required: number }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-5">
      {tiles.map((tile) => {
        const { reading, verdict, threshold } = tile;
        const tone =
          verdict === "violating" ? "border-bad bg-bad/10" : verdict === "ok" ? "border-ok/50" : "border-line";
        return (
          <section
            key={tile.metric}
            className={`bg-panel rounded-lg border-2 p-4 ${tone}`}
            data-testid={`metric-${tile.metric}`}
            data-verdict={verdict}
          >
            <h3 className="text-muted text-sm">{humanize(tile.metric)}</h3>
            {reading.state === "value" ? (
              <p className="mt-1 text-4xl font-semibold tabular-nums">
                {fmt(reading.value, tile.unit)} <span className="text-muted text-base font-normal">{tile.unit}</span>
              </p>
            ) : (
              <p className="text-muted mt-1 text-3xl font-semibold">no data</p>
            )}
            <p className="mt-1 text-sm">
              {verdict === "violating" ? (
                <span className="text-bad font-semibold">
                  violating {tile.consecutive}/{required} evaluations
                </span>
              ) : verdict === "ok" ? (
                <span className="text-ok">ok</span>
              ) : verdict === "no_data" ? (
                <span className="text-warn">
                  {reading.samples} of {reading.minSamples} samples;{" "}
                  {reading.state === "no_data" ? age(reading.ageSeconds) : ""}
                </span>
              ) : (
                <span className="text-muted">no threshold</span>
              )}
            </p>
            <p className="text-muted mt-1 text-xs">
              {threshold?.enabled
                ? `violation when ${threshold.comparison === "above" ? ">" : "<"} ${threshold.value} ${threshold.unit}`
                : "not watched by the guard"}
              {` · ${Math.round(reading.windowSeconds / 60)} min window`}
            </p>
          </section>
        );
      })}
    </div>
  );
}
