import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { LoginInfoDto, SessionDto, TokenDto, UserDto } from "./serializers";

export const authKeys = {
  all: ["auth"] as const,
  session: () => [...authKeys.all, "session"] as const,
  loginInfo: () => [...authKeys.all, "login-info"] as const,
  users: () => [...authKeys.all, "users"] as const,
  userList: () => [...authKeys.users(), "list"] as const,
  tokens: () => [...authKeys.all, "tokens"] as const,
  tokenList: () => [...authKeys.tokens(), "list"] as const,
};

export const sessionQuery = () =>
  queryOptions({
    queryKey: authKeys.session(),
    queryFn: ({ signal }) => apiFetch<SessionDto>("/api/v1/session", { signal }),
    staleTime: 60_000,
    retry: false,
  });

export const loginInfoQuery = () =>
  queryOptions({
    queryKey: authKeys.loginInfo(),
    queryFn: ({ signal }) => apiFetch<LoginInfoDto>("/api/v1/session/login-info", { signal }),
  });

export const usersQuery = () =>
  queryOptions({
    queryKey: authKeys.userList(),
    queryFn: ({ signal }) => apiFetch<{ users: UserDto[] }>("/api/v1/users", { signal }).then((r) => r.users),
  });

export const tokensQuery = () =>
  queryOptions({
    queryKey: authKeys.tokenList(),
    queryFn: ({ signal }) => apiFetch<{ tokens: TokenDto[] }>("/api/v1/tokens", { signal }).then((r) => r.tokens),
  });
