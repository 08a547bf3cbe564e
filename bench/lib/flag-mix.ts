// The flag state every throughput run uses: a mid-rollout mix, so a bulk evaluation exercises every answer:
// on (STATIC), off (DISABLED) and two splits (phash2 buckets).
import { newApiToken } from "../../lib/auth/secrets";
import { createPrismaClient } from "../../lib/db/client";
import { changeFlag } from "../../lib/flags/testing/change-flag";
import { ON, percentage } from "../../lib/flags/value";

export const BENCH_BODY = JSON.stringify({ context: { targetingKey: "agent-42" } });
/** Filled by addBenchToken: evaluation is authenticated, as in production, with a real evaluate-scoped token. */
export const BENCH_HEADERS: Record<string, string> = {};
export const FLAGS_IN_PLAN = 6;

/** Stores an API token with the evaluate scope (as Settings would) and sends it on every benchmark request. */
export async function addBenchToken(databaseUrl: string): Promise<void> {
  BENCH_HEADERS.authorization = `Bearer ${await createToken(databaseUrl, ["evaluate"])}`;
}

/** A real API token, stored hashed as Settings stores it; returns the secret. */
export async function createToken(
  databaseUrl: string,
  scopes: ("evaluate" | "operate" | "ingest" | "admin")[],
): Promise<string> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const { token, prefix, tokenHash } = newApiToken();
    await prisma.apiToken.create({ data: { name: `bench-${prefix}`, prefix, tokenHash, scopes } });
    return token;
  } finally {
    await prisma.$disconnect();
  }
}

export async function applyFlagMix(databaseUrl: string): Promise<void> {
  await addBenchToken(databaseUrl);
  const prisma = createPrismaClient(databaseUrl);
  try {
    await changeFlag(prisma, "use_sync_test_apis", ON);
    await changeFlag(prisma, "use_new_error_handling", ON);
    await changeFlag(prisma, "use_reliable_messaging", percentage(50));
    await changeFlag(prisma, "use_v2_coordinator", percentage(10));
  } finally {
    await prisma.$disconnect();
  }
}

/** Polls a bulk endpoint until it serves the mix (NOTIFY reached the snapshot); returns the exact answer. */
export async function waitForFlagMix(url: string): Promise<{ text: string; etag: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(url, {
      method: "POST",
      body: BENCH_BODY,
      headers: { "content-type": "application/json", ...BENCH_HEADERS },
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text}`);
    const flags = (JSON.parse(text) as { flags: { reason?: string }[] }).flags;
    if (flags.length === FLAGS_IN_PLAN && flags.filter((f) => f.reason === "SPLIT").length === 2) {
      return { text, etag: response.headers.get("etag") ?? '"none"' };
    }
    if (Date.now() > deadline) throw new Error(`the flag mix never appeared at ${url}: ${text}`);
  }
}
