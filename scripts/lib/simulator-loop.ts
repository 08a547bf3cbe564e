// Runs the simulator against a Phasegate server over HTTP, as a real reporter would: reads use_v2_coordinator over
// OFREP each interval, lets every coordinator decide with phash2, and posts the interval reports with a token.
import {
  intervalStarts,
  simulateInterval,
  V2_FLAG,
  type Scenario,
  type SimulatedReport,
  type V2Flag,
} from "../../lib/health/simulator";

export type SimulatorOptions = {
  baseUrl: string;
  /** A token with the ingest and evaluate scopes. */
  token: string;
  scenario: Scenario;
  nodes: number;
  intervalSeconds: number;
  /** Minutes of history to send at start, so the dashboard has a window to show at once. */
  backfillMinutes?: number;
  log?: (message: string) => void;
};

export type RunningSimulator = { stop(): void; sendInterval(start: Date): Promise<number> };

export async function readV2Flag(baseUrl: string, token: string): Promise<V2Flag> {
  const response = await fetch(`${baseUrl}/ofrep/v1/evaluate/flags/${V2_FLAG}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ context: { targetingKey: "simulator-probe" } }),
  });
  if (!response.ok) throw new Error(`OFREP answered ${response.status}`);
  const body = (await response.json()) as { value: boolean; reason: string; metadata?: { percentage?: number } };
  if (typeof body.metadata?.percentage === "number")
    return { kind: "percentage", percentage: body.metadata.percentage };
  return body.value ? { kind: "on" } : { kind: "off" };
}

export async function postReports(baseUrl: string, token: string, reports: SimulatedReport[]): Promise<void> {
  if (reports.length === 0) return;
  const response = await fetch(`${baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ reports }),
  });
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
}

export function startSimulator(options: SimulatorOptions): RunningSimulator {
  const log = options.log ?? ((m: string) => console.log(`simulator: ${m}`));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const step = options.intervalSeconds * 1000;

  const sendInterval = async (start: Date) => {
    const flag = await readV2Flag(options.baseUrl, options.token);
    const reports = simulateInterval(options.scenario, options.nodes, start, options.intervalSeconds, flag, {
      cohorts: true,
    });
    await postReports(options.baseUrl, options.token, reports);
    return reports.length;
  };

  const loop = () => {
    if (stopped) return;
    const now = Date.now();
    const next = Math.floor(now / step) * step + step;
    timer = setTimeout(() => {
      void sendInterval(new Date(next - step))
        .catch((error: unknown) => log(`could not report: ${(error as Error).message}`))
        .finally(loop);
    }, next - now);
    timer.unref?.();
  };

  void (async () => {
    try {
      for (const start of intervalStarts(new Date(), (options.backfillMinutes ?? 5) * 60, options.intervalSeconds))
        await sendInterval(start);
      log(`${options.scenario}: ${options.nodes} nodes reporting every ${options.intervalSeconds} s`);
    } catch (error) {
      log(`could not send the backfill: ${(error as Error).message}`);
    }
    loop();
  })();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    sendInterval,
  };
}
