// Is this error "the database is not there right now" (unreachable, shutting down, restarting, out of connections)
// rather than a bug or bad input? Pure: it only reads the error's shape. The shapes are pg's (socket errors with a
// code, server errors with a SQLSTATE, plain "Connection terminated" errors) and Prisma's wrappers of them
// (P1001-style codes, meta.driverAdapterError.cause.kind from @prisma/adapter-pg).

const CODES = new Set([
  // sockets
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  // SQLSTATE: admin/crash shutdown, cannot connect now (starting up, recovery), too many connections, connection
  // exceptions
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  // Prisma: can't reach, timed out, operations timed out, server closed the connection, pool timeout
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
]);

const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

const MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|can't reach database server|client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|server has closed the connection|connection is closed|cannot use a pool after calling end/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length && seen.size < 20) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const e = current as {
      code?: unknown;
      originalCode?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
      errors?: unknown;
    };
    if (typeof e.code === "string" && CODES.has(e.code)) return true;
    if (typeof e.originalCode === "string" && CODES.has(e.originalCode)) return true;
    if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
    if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
    queue.push(e.cause, e.meta?.driverAdapterError);
    if (Array.isArray(e.errors)) queue.push(...e.errors); // AggregateError (a host with several addresses)
  }
  return false;
}
