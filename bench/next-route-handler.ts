// Why OFREP is served on the lean path: the same bulk evaluation through a Next.js route handler, measured in the
// same production server process beside the lean path. The route exists only in a temporary copy of this checkout
// (never in app/). Run from the repository root:
//   node --import ./scripts/lib/allow-server-only.mjs --import tsx bench/next-route-handler.ts [--rounds 3] [--seconds 10] [--connections 32]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../lib/db/testing/test-database";
import { buildIfNeeded } from "../scripts/lib/build";
import { withThrowawayDatabase } from "./lib/database";
import { applyFlagMix, BENCH_BODY, BENCH_HEADERS, waitForFlagMix } from "./lib/flag-mix";
import { startApp } from "./lib/processes";
import { median, runWrk, type WrkResult } from "./lib/wrk";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
  },
});

// The cheapest honest route handler: no wrapper, no auth, the same pure evaluation and snapshot as the lean path.
const ROUTE = `import { evaluateAll, parseEvaluationRequest } from "@/lib/flags/ofrep";
import { getFlagSnapshot } from "@/lib/flags/snapshot-store";

export async function POST(request: Request) {
  const answer = evaluateAll(await getFlagSnapshot(), parseEvaluationRequest(await request.text()), request.headers.get("if-none-match") ?? undefined);
  return new Response(answer.json, { status: answer.status, headers: { "content-type": "application/json", ...answer.headers } });
}
`;

async function main() {
  const copy = mkdtempSync(path.join(os.tmpdir(), "phasegate-next-route-"));
  try {
    // A copy of the working tree, node_modules hard-linked, plus the throwaway route.
    execFileSync("bash", [
      "-c",
      `tar --exclude=./node_modules --exclude=./.next --exclude=./.git --exclude=./.phasegate --exclude=./test-results -cf - . | tar -C "${copy}" -xf - && cp -al node_modules "${copy}/node_modules"`,
    ]);
    mkdirSync(path.join(copy, "app/api/bench-ofrep"), { recursive: true });
    writeFileSync(path.join(copy, "app/api/bench-ofrep/route.ts"), ROUTE);
    if (!buildIfNeeded((m) => console.log(`bench: ${m}`), copy)) throw new Error("the build of the copy failed");

    await withThrowawayDatabase(async (databaseUrl) => {
      const port = await freePort();
      const app = await startApp({ port, databaseUrl, cwd: copy });
      try {
        await applyFlagMix(databaseUrl);
        const lean = `http://127.0.0.1:${port}/ofrep/v1/evaluate/flags`;
        const viaNext = `http://127.0.0.1:${port}/api/bench-ofrep`;
        const [a, b] = [await waitForFlagMix(lean), await waitForFlagMix(viaNext)];
        if (JSON.parse(a.text).flags.length !== JSON.parse(b.text).flags.length)
          throw new Error("the two paths disagree");

        const load = (url: string, seconds = Number(values.seconds)) =>
          runWrk({ url, body: BENCH_BODY, headers: BENCH_HEADERS, connections: Number(values.connections), seconds });
        load(lean, 5);
        load(viaNext, 5);
        const results: Record<"lean" | "next", WrkResult[]> = { lean: [], next: [] };
        for (let round = 0; round < Number(values.rounds); round++) {
          for (const which of round % 2 === 0 ? (["next", "lean"] as const) : (["lean", "next"] as const)) {
            const result = load(which === "lean" ? lean : viaNext);
            if (result.non2xx || result.socketErrors) throw new Error(`${which}: ${JSON.stringify(result)}`);
            results[which].push(result);
            console.log(
              `bench: round ${round + 1} ${which.padEnd(4)} ${result.requestsPerSecond.toFixed(0)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms`,
            );
          }
        }
        const summary = (list: WrkResult[]) =>
          `${median(list.map((r) => r.requestsPerSecond)).toFixed(0)} req/s, p50 ${median(list.map((r) => r.p50Ms)).toFixed(2)} ms, p99 ${median(list.map((r) => r.p99Ms)).toFixed(2)} ms`;
        console.log(`\nlean path:            ${summary(results.lean)}`);
        console.log(`Next.js route handler: ${summary(results.next)}`);
        const ratio =
          median(results.next.map((r) => r.requestsPerSecond)) / median(results.lean.map((r) => r.requestsPerSecond));
        console.log(`ratio next / lean: ${ratio.toFixed(2)}`);
      } finally {
        await app.stop();
      }
    });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
