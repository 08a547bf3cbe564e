// The in-memory token store across "instances" (each its own listener and store on one database): revocation
// reaches every instance within a second, a token created elsewhere works at once, a flood of random tokens
// neither queries per token nor evicts the tokens in use, and known tokens survive a database outage.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../audit/record";
import { db } from "../db/client";
import { createNotifyListener } from "../db/notify";
import { waitFor } from "../testing/wait-for";
import { TOKEN_PREFIX } from "./secrets";
import { createToken, revokeToken } from "./token-service";
import { createTokenStore, type TokenStoreDeps } from "./token-store";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const STORED = { id: true, name: true, tokenHash: true, scopes: true, expiresAt: true } as const;

/** Another instance: its own listener and store on the same database, counting the queries it makes. */
function instance(overrides: Partial<TokenStoreDeps> = {}) {
  const listener = createNotifyListener({ connectionString: process.env.DATABASE_URL! });
  let queries = 0;
  const store = createTokenStore({
    listener,
    loadTokens: () => {
      queries++;
      return db().apiToken.findMany({ where: { revokedAt: null }, select: STORED });
    },
    findToken: (tokenHash) => {
      queries++;
      return db().apiToken.findFirst({ where: { tokenHash, revokedAt: null }, select: STORED });
    },
    ...overrides,
  });
  cleanups.push(() => listener.stop());
  cleanups.push(() => store.stop());
  return { store, queries: () => queries };
}

const newToken = (name: string) => createToken({ name, scopes: ["evaluate"], expiresInDays: null }, SYSTEM_ACTOR, "t");

describe("the token store", () => {
  it("stops accepting a token on another instance within a second of its revocation", async () => {
    const other = instance();
    const { id, token } = await newToken("revoked-elsewhere");
    expect(await other.store.verify(token)).toMatchObject({ kind: "token", tokenId: id });
    expect(other.store.verifyNow(token)).toMatchObject({ tokenId: id });

    await revokeToken(id, SYSTEM_ACTOR, "t", "rotated");
    await waitFor("the other instance to refuse it", async () => (await other.store.verify(token)) === null, {
      timeoutMs: 1_000,
    });
  });

  it("accepts a token created a moment ago on another instance", async () => {
    const other = instance();
    expect(await other.store.verify(`${TOKEN_PREFIX}warm-up`)).toBeNull();
    const { id, token } = await newToken("fresh-elsewhere");
    expect(await other.store.verify(token)).toMatchObject({ tokenId: id });
  });

  it("answers a flood of random tokens without a query each and without forgetting the tokens in use", async () => {
    let clock = 1_000_000;
    const target = instance({ now: () => clock });
    const { token } = await newToken("in-use-during-flood");
    expect(await target.store.verify(token)).not.toBeNull();
    const queriesBefore = target.queries();

    for (let i = 0; i < 20_000; i++) {
      const forged = `${TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
      expect(await target.store.verify(forged)).toBeNull();
      if (i % 1_000 === 999) clock += 250;
    }
    // 20,000 forged tokens over 5 simulated seconds: at most 20 lookups a second (the default), however many come.
    expect(target.queries() - queriesBefore).toBeLessThanOrEqual(6 * 20);
    // The token in use is still answered from memory, synchronously.
    expect(target.store.verifyNow(token)).toMatchObject({ kind: "token", name: "in-use-during-flood" });
  });

  it("keeps accepting the tokens it knows while the database cannot be read", async () => {
    let databaseUp = true;
    const refused = async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    };
    const { store } = instance({
      loadTokens: () =>
        databaseUp ? db().apiToken.findMany({ where: { revokedAt: null }, select: STORED }) : refused(),
      findToken: refused,
      log: () => {},
    });
    const { token } = await newToken("known-before-outage");
    expect(await store.verify(token)).not.toBeNull();
    databaseUp = false;
    await waitFor("a reload to fail", () =>
      store.reload().then(
        () => false,
        () => true,
      ),
    );
    expect(store.verifyNow(token)).toMatchObject({ name: "known-before-outage" });
    expect(await store.verify(token)).toMatchObject({ name: "known-before-outage" });
  });
});
