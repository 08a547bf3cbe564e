// One app instance's guard, as a process of its own, for the takeover test: it runs the real leader loop
// (startGuard) against DATABASE_URL until it is killed. Started with the server-only hook and tsx.
import { startGuard } from "../guard";

const guard = startGuard({ connectionString: process.env.DATABASE_URL!, log: (m) => console.log(m) });
console.log("guard started");
process.on("SIGTERM", () => void guard.stop().then(() => process.exit(0)));
