// The steady simulator beside `npm start` on the embedded demo database: a fresh token (ingest + evaluate, one day)
// for it, then the same loop `npm run simulate` runs.
import { SYSTEM_ACTOR } from "../../lib/audit/record";
import { createToken } from "../../lib/auth/token-service";
import { info } from "./console";
import { startSimulator, type RunningSimulator } from "./simulator-loop";

export async function startDemoSimulator(port: number): Promise<RunningSimulator> {
  const { token } = await createToken(
    { name: `demo simulator ${new Date().toISOString()}`, scopes: ["ingest", "evaluate"], expiresInDays: 1 },
    SYSTEM_ACTOR,
    "start",
  );
  info("demo data: a simulator reports 5 nodes (scenario steady); the dashboard marks the data as simulated");
  return startSimulator({
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    scenario: "steady",
    nodes: 5,
    intervalSeconds: 10,
    log: (message) => info(`simulator: ${message}`),
  });
}
