// Phasegate's lean routes (ingest, OFREP, streams) in a node:http server that a test can stop and start again on
// the same port, as if Phasegate went away for a while.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CLIENT_IP_HEADER } from "../../http/client-ip";
import { startLeanRoutes, type LeanRoutes } from "../../http/lean-routes";

export type RestartableServer = {
  baseUrl: string;
  lean: LeanRoutes;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startRestartableServer(): Promise<RestartableServer> {
  const lean = await startLeanRoutes();
  let server: http.Server | undefined;
  let port = 0;
  const start = async () => {
    server = http.createServer((request, response) => {
      request.headers[CLIENT_IP_HEADER] = request.socket.remoteAddress ?? "unknown";
      if (!lean.handle(request, response)) response.writeHead(418).end("not a lean route");
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  };
  const stop = async () => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    closing.closeAllConnections();
    await new Promise((resolve) => closing.close(resolve));
  };
  await start();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    lean,
    start,
    stop,
    async close() {
      await stop();
      await lean.close();
    },
  };
}
