// npm start's orderly stop on SIGINT/SIGTERM: stop accepting, let requests in flight finish (bounded), then stop
// the database, say so, and exit 0. A second signal stops at once.
import { info } from "./console";
import type { DrainResult } from "./http-server";

export const SHUTDOWN_DRAIN_MS = 10_000;

export function stopGracefullyOnSignals(parts: {
  /** Undefined until the web server is up. */
  closeServer: () => ((drainMs: number) => Promise<DrainResult>) | undefined;
  inFlight: () => number;
  stopDatabase: () => Promise<void>;
  drainMs?: number;
}) {
  const drainMs = parts.drainMs ?? SHUTDOWN_DRAIN_MS;
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      info(`${signal} received again: stopping now`);
      await parts.stopDatabase().catch(() => {});
      process.exit(1);
    }
    shuttingDown = true;
    const close = parts.closeServer();
    if (close) {
      info(
        `${signal} received: no longer accepting connections; finishing ${parts.inFlight()} request(s) in flight (up to ${drainMs / 1000} s)`,
      );
      const result = await close(drainMs).catch((): DrainResult => ({ drained: false, abandoned: -1 }));
      info(result.drained ? "requests in flight finished" : `gave up waiting for ${result.abandoned} request(s)`);
    } else {
      info(`${signal} received, shutting down`);
    }
    await parts.stopDatabase().catch((error: unknown) => info(`could not stop the database cleanly: ${String(error)}`));
    info("database stopped; exiting");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
