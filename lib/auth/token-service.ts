import "server-only";
import type { ApiToken, User } from "../db/generated/client";
import type { AuditActor } from "../audit/record";
import { db } from "../db/client";
import { commitChange } from "../events/change-service";
import { AppError } from "../http/errors";
import type { Principal, TokenScope } from "./policy";
import type { CreateTokenInput } from "./schemas";
import { newApiToken, sha256, TOKEN_PREFIX } from "./secrets";
import { tokenStatus, type CreatedTokenDto, type TokenDto } from "./serializers";

type TokenRow = ApiToken & { createdBy: Pick<User, "username"> | null };

function toTokenDto(token: TokenRow): TokenDto {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    createdBy: token.createdBy?.username ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    status: tokenStatus(token),
  };
}

const withCreator = { createdBy: { select: { username: true } } } as const;

export async function listTokens(): Promise<TokenDto[]> {
  const tokens = await db().apiToken.findMany({
    include: withCreator,
    orderBy: [{ revokedAt: "desc" }, { createdAt: "desc" }],
  });
  return tokens.map(toTokenDto);
}

export async function createToken(
  input: CreateTokenInput,
  actor: AuditActor,
  requestId: string,
): Promise<CreatedTokenDto> {
  const { token, prefix, tokenHash } = newApiToken();
  const created = await commitChange({ actor, requestId }, async (tx, emit) => {
    const clash = await tx.apiToken.findFirst({
      where: { name: input.name, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    if (clash) {
      throw new AppError("conflict", `An active token is already named "${input.name}".`, {
        invalidParams: [{ name: "body.name", reason: "already used by an active token" }],
      });
    }
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        prefix,
        tokenHash,
        scopes: input.scopes,
        createdById: actor.type === "user" ? actor.id : null,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      },
      include: withCreator,
    });
    await emit(
      "token.created",
      { tokenId: row.id },
      {
        target: { type: "token", id: row.name },
        after: { id: row.id, name: row.name, prefix, scopes: row.scopes, expiresAt: row.expiresAt },
      },
    );
    return row;
  });
  forgetCachedTokens();
  return { ...toTokenDto(created), token };
}

export async function revokeToken(
  id: string,
  actor: AuditActor,
  requestId: string,
  reason?: string,
): Promise<TokenDto> {
  const revoked = await commitChange({ actor, requestId }, async (tx, emit) => {
    const token = await tx.apiToken.findUnique({ where: { id }, include: withCreator });
    if (!token) throw new AppError("not_found", "No such API token.");
    if (token.revokedAt) return token;
    const row = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() }, include: withCreator });
    await emit(
      "token.revoked",
      { tokenId: id },
      {
        target: { type: "token", id: token.name },
        before: { id, status: tokenStatus(token) },
        after: { id, status: "revoked" },
        reason,
      },
    );
    return row;
  });
  forgetCachedTokens();
  return toTokenDto(revoked);
}

// Verified tokens are cached briefly so hot paths (evaluation, ingestion) do not query per request; revocation on
// this instance clears the cache at once, and other instances see it within CACHE_MS. The cache is keyed by the
// presented token itself (held only in this process's memory), so a hit costs no hashing.
const CACHE_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;
type Cached = { principal: Extract<Principal, { kind: "token" }> | null; until: number; expiresAt: number | null };
const cacheHolder = globalThis as unknown as {
  phasegateTokenCache?: Map<string, Cached>;
  phasegateTokenUse?: Map<string, number>;
};
const cache = (cacheHolder.phasegateTokenCache ??= new Map());
const lastUseWritten = (cacheHolder.phasegateTokenUse ??= new Map());

export function forgetCachedTokens() {
  cache.clear();
}

/**
 * The token's principal from the cache alone: the principal, null when known to be unusable, or undefined when not
 * cached (call verifyToken). Synchronous, so the evaluation hot path creates no promise.
 */
export function verifyTokenFromCache(raw: string): Extract<Principal, { kind: "token" }> | null | undefined {
  if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 200) return null;
  const now = Date.now();
  const entry = cache.get(raw);
  if (!entry || entry.until <= now) return undefined;
  return usableAt(entry, now);
}

/** The token's principal, or null when the token is unknown, revoked or expired. */
export async function verifyToken(raw: string): Promise<Extract<Principal, { kind: "token" }> | null> {
  const cached = verifyTokenFromCache(raw);
  if (cached !== undefined) return cached;
  const hash = sha256(raw);
  const now = Date.now();
  const token = await db().apiToken.findUnique({ where: { tokenHash: hash } });
  const usable = token && !token.revokedAt && (!token.expiresAt || token.expiresAt.getTime() > now);
  const entry: Cached = {
    principal: usable
      ? { kind: "token", tokenId: token.id, name: token.name, scopes: token.scopes as TokenScope[] }
      : null,
    until: now + CACHE_MS,
    expiresAt: token?.expiresAt?.getTime() ?? null,
  };
  if (cache.size > 10_000) cache.clear();
  cache.set(raw, entry);
  return usableAt(entry, now);
}

function usableAt(entry: Cached, now: number) {
  if (!entry.principal || (entry.expiresAt !== null && entry.expiresAt <= now)) return null;
  noteUse(entry.principal.tokenId, now);
  return entry.principal;
}

function noteUse(tokenId: string, now: number) {
  if (now - (lastUseWritten.get(tokenId) ?? 0) < LAST_USED_EVERY_MS) return;
  lastUseWritten.set(tokenId, now);
  db()
    .apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date(now) } })
    .catch(() => lastUseWritten.delete(tokenId));
}
