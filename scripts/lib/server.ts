// Phasegate's HTTP server: Next.js's request handler in this process, so start-up, the database and the app
// share one lifecycle. The lean routes (OFREP evaluation, event streams) answer before Next does.
import next from "next";
import { startBackgroundWork } from "../../lib/background/start";
import { trustedProxyHops } from "../../lib/env";
import { CLIENT_IP_HEADER, clientAddress } from "../../lib/http/client-ip";
import { startLeanRoutes } from "../../lib/http/lean-routes";
import { startHousekeeping } from "../../lib/system/housekeeping-service";
import { listen, type DrainResult } from "./http-server";
import { answerClientError, refuseMalformedRequest } from "../../lib/http/malformed-request";

export type RunningServer = { port: number; inFlight(): number; close(drainMs: number): Promise<DrainResult> };

export async function startServer(options: { port: number; host: string; root?: string }): Promise<RunningServer> {
  const app = next({ dev: false, dir: options.root ?? process.cwd(), hostname: options.host, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const lean = await startLeanRoutes();
  const stopHousekeeping = startHousekeeping((message) => console.log(`phasegate: ${message}`));
  const background = startBackgroundWork();
  const trustedProxies = trustedProxyHops();
  const server = await listen(
    (request, response) => {
      // The caller's address comes from the socket (or the trusted proxies), never from what the client claims.
      request.headers[CLIENT_IP_HEADER] = clientAddress(
        request.socket.remoteAddress,
        request.headers["x-forwarded-for"],
        trustedProxies,
      );
      if (lean.handle(request, response)) return;
      if (refuseMalformedRequest(request, response)) return;
      handle(request, response).catch((error: unknown) => {
        console.error("phasegate: request failed", error);
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
        response.end("Internal error");
      });
    },
    { port: options.port, host: options.host, onClientError: answerClientError },
  );
  return {
    port: server.port,
    inFlight: server.inFlight,
    close: async (drainMs) => {
      stopHousekeeping();
      await background.stop();
      // Live streams never end on their own: the lean routes end theirs (and stop listening to the database), so
      // that only ordinary requests are left to finish.
      await lean.close();
      return server.close(drainMs);
    },
  };
}
