// The API tokens this instance accepts, held in memory: the whole table of usable tokens (it is small: tens or
// hundreds of machine credentials), reloaded when any instance creates or revokes one (NOTIFY token.*) and after the
// listener reconnects (resync). An unknown token is looked up by its hash (it may have been created a moment ago on
// another instance, before the notification arrived), but at most `missLookupsPerSecond` times a second. So:
// - revocation takes effect on every instance as soon as the notification arrives (milliseconds), not after a TTL;
// - a flood of random tokens costs a SHA-256 each and a bounded number of queries, and evicts nothing;
// - while the database is down, tokens known before the outage keep working (the table as last loaded; nobody can
//   revoke one meanwhile, since revoking writes to the same database).
// A token that was presented before skips even the hash: a bounded map from the raw token to its principal.
import type { NotifyListener } from "../db/notify";
import { db } from "../db/client";
import { notifyListener } from "../db/notify";
import type { PhasegateEvent } from "../events/vocabulary";
import { processSingleton, releaseProcessSingleton } from "../process-singleton";
import type { Principal, TokenScope } from "./policy";
import { sha256, TOKEN_PREFIX } from "./secrets";

export type TokenPrincipal = Extract<Principal, { kind: "token" }>;
export type StoredToken = { id: string; name: string; tokenHash: string; scopes: string[]; expiresAt: Date | null };

export type TokenStore = {
  /** The token's principal, null when it is not usable, undefined when only an asynchronous check can tell. */
  verifyNow(raw: string): TokenPrincipal | null | undefined;
  /** The token's principal, or null when the token is unknown, revoked or expired. */
  verify(raw: string): Promise<TokenPrincipal | null>;
  /** Reloads now (coalesced); resolves once the store reflects the table. */
  reload(): Promise<void>;
  stop(): void;
};

export type TokenStoreDeps = {
  listener: NotifyListener;
  loadTokens: () => Promise<StoredToken[]>;
  /** One usable token by its hash, for a token this store has not heard of yet. */
  findToken: (tokenHash: string) => Promise<StoredToken | null>;
  now?: () => number;
  /** Told when a token is used (last-used bookkeeping); must not block. */
  onUse?: (tokenId: string, now: number) => void;
  /** How many unknown tokens a second are looked up in the database; the rest are refused from memory. */
  missLookupsPerSecond?: number;
  log?: (message: string) => void;
};

const MAX_RAW_ENTRIES = 10_000;
const MAX_TOKEN_LENGTH = 200;

type Entry = { principal: TokenPrincipal; expiresAt: number | null };

export function createTokenStore(deps: TokenStoreDeps): TokenStore {
  const now = deps.now ?? Date.now;
  const missLookups = deps.missLookupsPerSecond ?? 20;
  let lookupBudget = missLookups;
  let budgetRefilledAt = -Infinity;
  const log = deps.log ?? ((message: string) => console.error(`phasegate: ${message}`));
  let byHash: Map<string, Entry> | undefined;
  let byRaw = new Map<string, Entry>();
  let loading: Promise<void> | undefined;
  let again = false;

  const load = async () => {
    // LISTEN first, load second: a change committed in between is then heard, never missed.
    if (!byHash) await deps.listener.ready();
    const rows = await deps.loadTokens();
    byHash = new Map(rows.map((row) => [row.tokenHash, entryOf(row)]));
    // Entries for revoked tokens must go; the rest are re-found by hash on their next use.
    byRaw = new Map();
  };

  // Coalesced: a reload asked for while one runs starts once more after it, so the last change is always seen.
  const reload = (): Promise<void> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = load().finally(() => {
      loading = undefined;
      if (again) {
        again = false;
        void reload().catch((error: unknown) => log(`API token reload failed: ${String(error)}`));
      }
    });
    return loading;
  };

  const usable = (entry: Entry | undefined, at: number): TokenPrincipal | null => {
    if (!entry || (entry.expiresAt !== null && entry.expiresAt <= at)) return null;
    deps.onUse?.(entry.principal.tokenId, at);
    return entry.principal;
  };

  const remember = (raw: string, entry: Entry) => {
    if (byRaw.size >= MAX_RAW_ENTRIES) byRaw.delete(byRaw.keys().next().value!);
    byRaw.set(raw, entry);
  };

  const verifyNow = (raw: string): TokenPrincipal | null | undefined => {
    if (!raw.startsWith(TOKEN_PREFIX) || raw.length > MAX_TOKEN_LENGTH) return null;
    const at = now();
    const known = byRaw.get(raw);
    if (known) return usable(known, at);
    if (!byHash) return undefined;
    const entry = byHash.get(sha256(raw));
    if (entry) {
      remember(raw, entry);
      return usable(entry, at);
    }
    return mayLookUp(at) ? undefined : null;
  };

  // A token bucket: refilled once a second, spent by lookups of unknown tokens.
  const mayLookUp = (at: number) => {
    if (at - budgetRefilledAt >= 1_000) {
      budgetRefilledAt = at;
      lookupBudget = missLookups;
    }
    return lookupBudget > 0;
  };

  const unsubscribe = deps.listener.subscribe((event: PhasegateEvent) => {
    if (event.type.startsWith("token.") || event.type === "resync") {
      reload().catch((error: unknown) => log(`API token reload failed: ${String(error)}`));
    }
  });

  return {
    verifyNow,
    async verify(raw) {
      const answer = verifyNow(raw);
      if (answer !== undefined) return answer;
      if (!byHash) {
        await reload();
        return this.verify(raw);
      }
      lookupBudget--;
      const hash = sha256(raw);
      const row = await deps.findToken(hash);
      if (!row) return null;
      const entry = entryOf(row);
      byHash.set(hash, entry);
      remember(raw, entry);
      return usable(entry, now());
    },
    reload,
    stop: unsubscribe,
  };
}

function entryOf(row: StoredToken): Entry {
  return {
    principal: { kind: "token", tokenId: row.id, name: row.name, scopes: row.scopes as TokenScope[] },
    expiresAt: row.expiresAt?.getTime() ?? null,
  };
}

const usableNow = () => ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] });
const STORED = { id: true, name: true, tokenHash: true, scopes: true, expiresAt: true } as const;

function loadUsableTokens(): Promise<StoredToken[]> {
  return db().apiToken.findMany({ where: usableNow(), select: STORED });
}

function findUsableToken(tokenHash: string): Promise<StoredToken | null> {
  return db().apiToken.findFirst({ where: { tokenHash, ...usableNow() }, select: STORED });
}

// Last-used times are written at most once a minute per token, off the request path.
const LAST_USED_EVERY_MS = 60_000;
const lastUseWritten = new Map<string, number>();
function noteUse(tokenId: string, at: number) {
  if (at - (lastUseWritten.get(tokenId) ?? 0) < LAST_USED_EVERY_MS) return;
  lastUseWritten.set(tokenId, at);
  db()
    .apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date(at) } })
    .catch(() => lastUseWritten.delete(tokenId));
}

const STORE = "tokenStore";

/** This process's token store, shared by the custom server and Next's route modules. */
export function tokenStore(): TokenStore {
  return processSingleton(STORE, () =>
    createTokenStore({
      listener: notifyListener(),
      loadTokens: loadUsableTokens,
      findToken: findUsableToken,
      onUse: noteUse,
    }),
  );
}

export function stopTokenStore(): void {
  releaseProcessSingleton<TokenStore>(STORE)?.stop();
}
