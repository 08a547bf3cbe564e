import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { LoginInfoDto, SessionDto, TokenDto, UserDto } from "./serializers";

// Three key factories, one per query root of the event vocabulary (lib/events/vocabulary.ts QUERY_ROOTS), so an
// event that invalidates "users" or "tokens" reaches every query built here.
export const sessionKeys = {
  all: ["session"] as const,
  current: () => [...sessionKeys.all, "current"] as const,
  loginInfo: () => [...sessionKeys.all, "login-info"] as const,
};

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export const tokenKeys = {
  all: ["tokens"] as const,
  list: () => [...tokenKeys.all, "list"] as const,
};

export const sessionQuery = () =>
  queryOptions({
    queryKey: sessionKeys.current(),
    queryFn: ({ signal }) => apiFetch<SessionDto>("/api/v1/session", { signal }),
    staleTime: 60_000,
    retry: false,
  });

export const loginInfoQuery = () =>
  queryOptions({
    queryKey: sessionKeys.loginInfo(),
    queryFn: ({ signal }) => apiFetch<LoginInfoDto>("/api/v1/session/login-info", { signal }),
  });

export const usersQuery = () =>
  queryOptions({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ users: UserDto[] }>("/api/v1/users", { signal }).then((r) => r.users),
  });

export const tokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ tokens: TokenDto[] }>("/api/v1/tokens", { signal }).then((r) => r.tokens),
  });
