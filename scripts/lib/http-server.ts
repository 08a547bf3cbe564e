// An HTTP server that can stop gracefully: stop accepting, let the requests in flight finish for a bounded time,
// then cut whatever is left. Knows nothing about Next or the database, so its lifecycle can be tested on its own.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

export type DrainResult = { drained: boolean; abandoned: number };

export type DrainableServer = {
  port: number;
  inFlight(): number;
  /** Stops accepting connections, waits up to drainMs for the requests in flight, then closes every connection. */
  close(drainMs: number): Promise<DrainResult>;
};

export async function listen(
  handler: http.RequestListener,
  options: { port: number; host: string; onClientError?: (error: Error, socket: Duplex) => void },
): Promise<DrainableServer> {
  let inFlight = 0;
  let closing = false;
  const waiters = new Set<() => void>();
  const server = http.createServer((request, response) => {
    inFlight++;
    // While draining, the connection closes after this answer instead of waiting for another request.
    if (closing) response.shouldKeepAlive = false;
    response.once("close", () => {
      inFlight--;
      if (inFlight === 0) for (const wake of waiters) wake();
    });
    handler(request, response);
  });
  server.keepAliveTimeout = 65_000;
  if (options.onClientError) server.on("clientError", options.onClientError);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    inFlight: () => inFlight,
    async close(drainMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const drained =
        inFlight === 0 ||
        (await new Promise<boolean>((resolve) => {
          const wake = () => resolve(true);
          waiters.add(wake);
          timer = setTimeout(() => {
            waiters.delete(wake);
            resolve(false);
          }, drainMs);
        }));
      clearTimeout(timer);
      const abandoned = inFlight;
      server.closeAllConnections();
      await closed;
      return { drained, abandoned };
    },
  };
}
