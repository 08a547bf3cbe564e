import "server-only";
import type { AuditActor } from "../audit/record";
import { db } from "../db/client";
import { commitChange } from "../events/change-service";
import { AppError } from "../http/errors";
import type { CreateTokenInput } from "./schemas";
import { newApiToken } from "./secrets";
import { tokenStore } from "./token-store";
import { toTokenDto, tokenStatus, type CreatedTokenDto, type TokenDto } from "./serializers";

const withCreator = { createdBy: { select: { username: true } } } as const;

export async function listTokens(): Promise<TokenDto[]> {
  const tokens = await db().apiToken.findMany({
    include: withCreator,
    orderBy: [{ revokedAt: "desc" }, { createdAt: "desc" }],
  });
  return tokens.map((token) => toTokenDto(token));
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
  // This instance knows at once; the others when the notification arrives (lib/auth/token-store.ts).
  await tokenStore().reload();
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
  await tokenStore().reload();
  return toTokenDto(revoked);
}
