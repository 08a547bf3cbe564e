import type { ApiToken, Session, User } from "../db/generated/client";
import type { Role, TokenScope } from "./policy";

/** A person with the number of sessions still open. */
export type UserRow = User & { _count: { sessions: number } };
/** A token with the username of whoever created it. */
export type TokenRow = ApiToken & { createdBy: Pick<User, "username"> | null };

export type UserDto = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  activeSessions: number;
};

export type TokenDto = {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: "active" | "expired" | "revoked";
};

/** Returned once, when a token is created: the secret is never shown again. */
export type CreatedTokenDto = TokenDto & { token: string };

export type SessionDto = {
  user: { id: string; username: string; displayName: string; role: Role };
  csrfToken: string;
  expiresAt: string;
};

export type LoginInfoDto = { demo: { username: string; password: string } | null };

export function tokenStatus(
  token: { revokedAt: Date | null; expiresAt: Date | null },
  now = new Date(),
): TokenDto["status"] {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt <= now) return "expired";
  return "active";
}

export function toUserDto(user: UserRow): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    activeSessions: user._count.sessions,
  };
}

export function toTokenDto(token: TokenRow, now = new Date()): TokenDto {
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
    status: tokenStatus(token, now),
  };
}

export function toSessionDto(session: Pick<Session, "csrfToken" | "expiresAt">, user: User): SessionDto {
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}
