// The Overview's and the Health page's reads over a full retention of data: 7 days x 50 nodes x 10 s intervals
// (3,024,000 interval reports, with their per-minute rollups), through the production server's HTTP routes.
// Baseline in the same run: the 7-day chart computed from the raw reports instead of the rollups (what the rollups
// save), and the round trip of a route that reads nothing (GET /api/v1/health/live is not there: /api/v1/thresholds).
//   npm run bench:health-queries -- [--samples 20] [--nodes 50] [--days 7]
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort } from "../lib/db/testing/test-database";
import { buildIfNeeded } from "../scripts/lib/build";
import { withThrowawayDatabase } from "./lib/database";
import { createToken } from "./lib/flag-mix";
import { startApp } from "./lib/processes";
import { median, timeIt, writeResult } from "./lib/report";

const { values } = parseArgs({
  options: {
    samples: { type: "string", default: "20" },
    nodes: { type: "string", default: "50" },
    days: { type: "string", default: "7" },
  },
});
const SAMPLES = Number(values.samples);
const NODES = Number(values.nodes);
const DAYS = Number(values.days);

async function load(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT phasegate_maintain_interval_partitions(now(), 7, 2, false)");
    const started = performance.now();
    await client.query(
      `INSERT INTO interval_reports (interval_start, node, interval_seconds, requests, errors, messages_sent,
         messages_delivered, recoveries_attempted, recoveries_succeeded, response_sum_ms, response_count, restarts, error_codes)
       SELECT ts, 'node_' || n || '@bench', 10, 1000, (n + extract(epoch FROM ts)::int) % 9, 500, 499, 4, 4, 40000, 1000,
         CASE WHEN (n + extract(epoch FROM ts)::int) % 97 = 0 THEN 1 ELSE 0 END,
         jsonb_build_array(jsonb_build_object('category', 'infrastructure', 'code', 'database_timeout', 'count', (n + extract(epoch FROM ts)::int) % 9))
       FROM generate_series(date_trunc('minute', now()) - make_interval(days => $1), now() - interval '10 seconds', interval '10 seconds') AS ts
       CROSS JOIN generate_series(1, $2) AS n`,
      [DAYS, NODES],
    );
    await client.query(`INSERT INTO health_minutes SELECT date_trunc('minute', interval_start), count(*), sum(requests),
        sum(errors), sum(messages_sent), sum(messages_delivered), sum(recoveries_attempted), sum(recoveries_succeeded),
        sum(response_sum_ms), sum(response_count), sum(restarts) FROM interval_reports GROUP BY 1`);
    await client.query(`INSERT INTO error_minutes SELECT date_trunc('minute', interval_start), 'infrastructure',
        'database_timeout', sum(errors) FROM interval_reports GROUP BY 1`);
    await client.query("VACUUM ANALYZE interval_reports");
    await client.query("VACUUM ANALYZE health_minutes");
    await client.query("VACUUM ANALYZE error_minutes");
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM interval_reports");
    console.log(
      `bench: loaded ${rows[0]!.n} interval reports in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

async function main() {
  if (!buildIfNeeded((m) => console.log(`bench: ${m}`))) throw new Error("the build failed");
  await withThrowawayDatabase(async (databaseUrl) => {
    const port = await freePort();
    const app = await startApp({ port, databaseUrl });
    try {
      const rows = await load(databaseUrl);
      const token = await createToken(databaseUrl, ["operate"]);
      const get = (route: string) => async () => {
        const response = await fetch(`http://127.0.0.1:${port}${route}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`${route} answered ${response.status}: ${text.slice(0, 300)}`);
      };
      const routes = [
        "/api/v1/metrics",
        "/api/v1/metrics/charts?range=15m",
        "/api/v1/metrics/charts?range=1h",
        "/api/v1/metrics/charts?range=24h",
        "/api/v1/metrics/charts?range=7d",
      ];
      const results: Record<string, { medianMs: number; maxMs: number }> = {};
      for (const route of [...routes, "/api/v1/thresholds"]) {
        const times = (await timeIt(SAMPLES, get(route))).sort((a, b) => a - b);
        results[route] = { medianMs: median(times), maxMs: times.at(-1)! };
        console.log(`${route}: median ${median(times).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
      }
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const rawChart = await timeIt(Math.min(SAMPLES, 5), async () => {
        await client.query(`SELECT date_trunc('hour', interval_start), sum(errors)::float8 / nullif(sum(requests), 0) * 100
          FROM interval_reports WHERE interval_start >= now() - interval '7 days' GROUP BY 1 ORDER BY 1`);
      });
      await client.end();
      console.log(`baseline, 7-day chart from the raw reports (no rollups): median ${median(rawChart).toFixed(1)} ms`);
      writeResult("health-queries", {
        rows,
        samples: SAMPLES,
        routes: results,
        baselineRawSevenDayChartMedianMs: median(rawChart),
      });
    } finally {
      await app.stop();
    }
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
