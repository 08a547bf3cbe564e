// The browser's writes for flags. Invalidating flagKeys.all refreshes the list, details and known ids at once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { apiFetch } from "../http/api-client";
import { flagKeys } from "./queries";
import type { updateFlagSchema } from "./schemas";
import type { FlagDto } from "./serializers";

/** A change names the version it was made against (expectedVersion); the server answers 409 if the flag moved on. */
export type FlagChange = z.input<typeof updateFlagSchema>;

export function useUpdateFlag(key: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: FlagChange) => apiFetch<FlagDto>(`/api/v1/flags/${key}`, { method: "PATCH", body: change }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: flagKeys.all }),
  });
}
