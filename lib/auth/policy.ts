// Who may do what. Routes declare a permission; people get permissions from their role, machines from their token
// scopes. Pure.

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_SCOPES = ["ingest", "evaluate", "operate", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * - read: see everything on the dashboard and in the read API
 * - evaluate: ask for flag values (OFREP, the evaluate route, the live stream)
 * - ingest: send interval reports, error counts and supervision snapshots
 * - operate: change flags, advance and roll back phases, tick runbook items, acknowledge alerts
 * - admin: edit the plan, thresholds, users, tokens and webhooks; override a phase gate
 */
export const PERMISSIONS = ["read", "evaluate", "ingest", "operate", "admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ["read", "evaluate"],
  operator: ["read", "evaluate", "operate"],
  admin: ["read", "evaluate", "operate", "admin"],
};

const SCOPE_GRANTS: Record<TokenScope, readonly Permission[]> = {
  ingest: ["ingest"],
  evaluate: ["evaluate"],
  operate: ["read", "evaluate", "operate"],
  admin: ["read", "evaluate", "operate", "admin"],
};

export type Principal =
  | { kind: "user"; userId: string; username: string; role: Role; sessionId: string; csrfToken: string }
  | { kind: "token"; tokenId: string; name: string; scopes: readonly TokenScope[] }
  | { kind: "anonymous" };

/** What a role may do, without a principal: the dashboard hides controls with it. */
export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_GRANTS[role].includes(permission);
}

function permissionsOf(principal: Principal): Set<Permission> {
  if (principal.kind === "user") return new Set(ROLE_GRANTS[principal.role]);
  if (principal.kind === "token") return new Set(principal.scopes.flatMap((scope) => SCOPE_GRANTS[scope]));
  return new Set();
}

export function can(principal: Principal, permission: Permission): boolean {
  return permissionsOf(principal).has(permission);
}

/** How an actor appears in the audit trail. */
export function actorOf(principal: Principal): { type: "user" | "token" | "system"; id: string | null; label: string } {
  if (principal.kind === "user") return { type: "user", id: principal.userId, label: principal.username };
  if (principal.kind === "token") return { type: "token", id: principal.tokenId, label: `token:${principal.name}` };
  return { type: "system", id: null, label: "anonymous" };
}
