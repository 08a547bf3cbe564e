// `npm run simulate -- --scenario NAME --nodes N [--url URL] [--token TOKEN] [--interval-seconds S]`
// A fake OTP system reporting to a running Phasegate (see scripts/lib/simulator-loop.ts). It only talks to the URL
// it is given (http://127.0.0.1:3000 by default) and needs a token with the ingest and evaluate scopes.
import { parseArgs } from "node:util";
import { SCENARIOS, type Scenario } from "../lib/health/simulator";
import { fail } from "./lib/console";
import { startSimulator } from "./lib/simulator-loop";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "steady" },
    nodes: { type: "string", default: "5" },
    url: { type: "string", default: "http://127.0.0.1:3000" },
    token: { type: "string" },
    "interval-seconds": { type: "string", default: "10" },
    "backfill-minutes": { type: "string", default: "5" },
  },
});

const scenario = values.scenario as Scenario;
if (!SCENARIOS.includes(scenario)) fail(`--scenario must be one of ${SCENARIOS.join(", ")}`);
const nodes = Number(values.nodes);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 1000) fail("--nodes must be a whole number from 1 to 1000");
const intervalSeconds = Number(values["interval-seconds"]);
if (!Number.isInteger(intervalSeconds) || intervalSeconds < 1 || intervalSeconds > 3600)
  fail("--interval-seconds must be a whole number from 1 to 3600");
if (!values.token) fail("--token is required: create one with the ingest and evaluate scopes in Settings > Tokens");

const simulator = startSimulator({
  baseUrl: values.url!.replace(/\/$/, ""),
  token: values.token!,
  scenario,
  nodes,
  intervalSeconds,
  backfillMinutes: Number(values["backfill-minutes"]),
});
process.on("SIGINT", () => {
  simulator.stop();
  process.exit(0);
});
