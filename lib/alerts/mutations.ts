// The browser's writes for alerts; invalidating alertKeys.all refreshes every alert list.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import { alertKeys } from "./queries";
import type { AlertDto } from "./serializers";

export function useAcknowledgeAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<AlertDto>(`/api/v1/alerts/${id}/acknowledge`, { method: "POST", body: {} }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}
