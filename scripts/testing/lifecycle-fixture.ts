// `npm start`'s lifecycle without Next's 30-second build, for tests that kill it: the same embedded database
// (resolveDatabase: data folder, owner file, orphan clean-up), the same drainable HTTP server and the same shutdown
// sequence. Its one route holds a database connection for ?sleep=seconds, like a slow PATCH would.
import pg from "pg";
import { info } from "../lib/console";
import { resolveDatabase } from "../lib/database";
import { listen } from "../lib/http-server";
import { stopGracefullyOnSignals } from "../lib/shutdown";

async function main() {
  const database = await resolveDatabase({ ownSignals: true });
  const pool = new pg.Pool({ connectionString: database.url, max: 20 });
  pool.on("error", () => {});
  const server = await listen(
    (request, response) => {
      const seconds = Number(new URL(request.url ?? "/", "http://fixture").searchParams.get("sleep") ?? 0);
      pool.query("SELECT pg_sleep($1)", [seconds]).then(
        () => response.writeHead(200).end("done"),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    },
    { port: Number(process.env.PORT), host: "127.0.0.1" },
  );
  stopGracefullyOnSignals({
    closeServer: () => server.close,
    inFlight: server.inFlight,
    stopDatabase: async () => {
      await pool.end();
      await database.stop();
    },
  });
  info(`serving http://127.0.0.1:${server.port}`);
}

void main();
