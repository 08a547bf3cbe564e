// Phasegate's HTTP server: Next.js's request handler in this process, so start-up, the database and the app
// share one lifecycle (and later, lean routes can answer before Next does).
import http from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";

export type RunningServer = { port: number; close(): Promise<void> };

export async function startServer(options: { port: number; host: string; root?: string }): Promise<RunningServer> {
  const app = next({ dev: false, dir: options.root ?? process.cwd(), hostname: options.host, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((request, response) => {
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Live streams (server-sent events) never end on their own.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}
