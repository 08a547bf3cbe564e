// The lean routes in a real node:http server on loopback (not the Next app), against the test file's database.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CLIENT_IP_HEADER } from "../client-ip";
import { startLeanRoutes, type LeanRoutes } from "../lean-routes";

export type LeanServer = { baseUrl: string; lean: LeanRoutes; close(): Promise<void> };

export async function startLeanServer(): Promise<LeanServer> {
  const lean = await startLeanRoutes();
  const server = http.createServer((request, response) => {
    request.headers[CLIENT_IP_HEADER] = request.socket.remoteAddress ?? "unknown";
    if (!lean.handle(request, response)) response.writeHead(418).end("not a lean route");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lean,
    async close() {
      await lean.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
