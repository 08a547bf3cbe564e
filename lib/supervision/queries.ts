// TanStack Query keys and fetchers for the Supervision page.
import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../http/api-client";
import type { NodeSummary, NodeView } from "./serializers";

export const supervisionKeys = {
  all: ["supervision"] as const,
  nodes: () => [...supervisionKeys.all, "nodes"] as const,
  node: (node: string) => [...supervisionKeys.all, "node", node] as const,
};

export const supervisionNodesQuery = () =>
  queryOptions({
    queryKey: supervisionKeys.nodes(),
    queryFn: ({ signal }) => apiFetch<{ nodes: NodeSummary[] }>("/api/v1/supervision", { signal }),
  });

export const supervisionNodeQuery = (node: string) =>
  queryOptions({
    queryKey: supervisionKeys.node(node),
    queryFn: ({ signal }) => apiFetch<NodeView>(`/api/v1/supervision/nodes/${encodeURIComponent(node)}`, { signal }),
  });
