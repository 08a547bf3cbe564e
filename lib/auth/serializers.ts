import type { Role, TokenScope } from "./policy";

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
