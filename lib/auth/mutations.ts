// The browser's writes for sessions, people and tokens. Each hook invalidates through the key factories, so every view of
// what changed refetches; callers add their own onSuccess (clear a form, navigate) per call.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { apiFetch } from "../http/api-client";
import type { Role } from "./policy";
import { sessionKeys, tokenKeys, userKeys } from "./queries";
import type { changeOwnPasswordSchema, createTokenSchema, createUserSchema, loginSchema } from "./schemas";
import type { CreatedTokenDto, SessionDto, TokenDto, UserDto } from "./serializers";

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: z.input<typeof loginSchema>) =>
      apiFetch<SessionDto>("/api/v1/session", { method: "POST", body: credentials }),
    onSuccess: (session) => queryClient.setQueryData(sessionKeys.current(), session),
  });
}

/** Callers navigate away on settle: nothing of this session may linger in the cache for the next person. */
export function useSignOut() {
  return useMutation({ mutationFn: () => apiFetch<void>("/api/v1/session", { method: "DELETE" }) });
}

export function useChangeOwnPassword() {
  return useMutation({
    mutationFn: (body: z.input<typeof changeOwnPasswordSchema>) =>
      apiFetch<void>("/api/v1/session/password", { method: "PUT", body }),
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof createUserSchema>) => apiFetch<UserDto>("/api/v1/users", { body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { role?: Role; disabled?: boolean }) =>
      apiFetch<UserDto>(`/api/v1/users/${id}`, { method: "PATCH", body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useEndUserSessions(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>(`/api/v1/users/${id}/sessions`, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useResetPassword(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) =>
      apiFetch<void>(`/api/v1/users/${id}/password`, { method: "PUT", body: { password } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof createTokenSchema>) => apiFetch<CreatedTokenDto>("/api/v1/tokens", { body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<TokenDto>(`/api/v1/tokens/${id}`, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
