// Phasegate's HTTP server: Next.js's request handler in this process, so start-up, the database and the app
// share one lifecycle. The lean routes (OFREP evaluation, event streams) answer before Next does.
import http from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { CLIENT_IP_HEADER } from "../../lib/http/client-ip";
import { startLeanRoutes } from "../../lib/http/lean-routes";

export type RunningServer = { port: number; close(): Promise<void> };

export async function startServer(options: { port: number; host: string; root?: string }): Promise<RunningServer> {
  const app = next({ dev: false, dir: options.root ?? process.cwd(), hostname: options.host, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const lean = await startLeanRoutes();
  const server = http.createServer((request, response) => {
    // The caller's address comes from the socket, never from what the client claims.
    request.headers[CLIENT_IP_HEADER] = request.socket.remoteAddress ?? "unknown";
    if (lean.handle(request, response)) return;
    handle(request, response).catch((error: unknown) => {
      console.error("phasegate: request failed", error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end("Internal error");
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      // Live streams never end on their own: the lean routes end theirs (and stop listening to the database).
      await lean.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
    },
  };
}
