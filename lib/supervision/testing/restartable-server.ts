// Phasegate's lean routes (ingest, OFREP, streams) in a node:http server that a test can stop and start again on
// the same port, as if Phasegate went away for a while. App routes a test names (e.g. POST /api/v1/ingest, a
// Next.js route handler) are served beside them, called as Next.js calls them: a web Request in, a Response out.
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

/** A Next.js App Router handler (the module's exported POST, GET, ...). */
export type AppRouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>;

/** Keyed by "METHOD /path", e.g. "POST /api/v1/ingest". */
export type AppRoutes = Record<string, AppRouteHandler>;

async function serveAppRoute(handler: AppRouteHandler, request: http.IncomingMessage, response: http.ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const answer = await handler(
    new Request(`http://${request.headers.host ?? "127.0.0.1"}${request.url}`, {
      method: request.method,
      headers,
      body,
    }),
    { params: Promise.resolve({}) },
  );
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(Buffer.from(await answer.arrayBuffer()));
}

export async function startRestartableServer(appRoutes: AppRoutes = {}): Promise<RestartableServer> {
  const lean = await startLeanRoutes();
  let server: http.Server | undefined;
  let port = 0;
  const start = async () => {
    server = http.createServer((request, response) => {
      request.headers[CLIENT_IP_HEADER] = request.socket.remoteAddress ?? "unknown";
      if (lean.handle(request, response)) return;
      const app = appRoutes[`${request.method} ${request.url?.split("?")[0]}`];
      if (!app) return void response.writeHead(418).end("not a lean route");
      serveAppRoute(app, request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500);
        response.end(String(error));
      });
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
