import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { LoginInfoDto, SessionDto, TokenDto, UserDto } from "./serializers";

export const authKeys = {
  session: ["session"] as const,
  loginInfo: ["session", "login-info"] as const,
  users: ["users"] as const,
  tokens: ["tokens"] as const,
};

export const sessionQuery = () =>
  queryOptions({
    queryKey: authKeys.session,
    queryFn: ({ signal }) => apiFetch<SessionDto>("/api/v1/session", { signal }),
    staleTime: 60_000,
    retry: false,
  });

export const loginInfoQuery = () =>
  queryOptions({
    queryKey: authKeys.loginInfo,
    queryFn: ({ signal }) => apiFetch<LoginInfoDto>("/api/v1/session/login-info", { signal }),
  });

export const usersQuery = () =>
  queryOptions({
    queryKey: authKeys.users,
    queryFn: ({ signal }) => apiFetch<{ users: UserDto[] }>("/api/v1/users", { signal }).then((r) => r.users),
  });

export const tokensQuery = () =>
  queryOptions({
    queryKey: authKeys.tokens,
    queryFn: ({ signal }) => apiFetch<{ tokens: TokenDto[] }>("/api/v1/tokens", { signal }).then((r) => r.tokens),
  });
