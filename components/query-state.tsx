"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiError } from "@/lib/http/api-client";

/** Renders loading and error states of a query in one consistent way; children render the data. */
export function QueryState<T>({
  query,
  children,
  label,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  label: string;
}) {
  if (query.isPending) {
    return (
      <div role="status" className="text-muted animate-pulse py-6 text-sm">
        Loading {label}…
      </div>
    );
  }
  if (query.isError) {
    const error = query.error;
    return (
      <div role="alert" className="border-bad/40 text-bad rounded-md border px-4 py-3 text-sm">
        Could not load {label}: {error.message}
        {error instanceof ApiError && error.requestId ? (
          <span className="text-muted"> (request {error.requestId})</span>
        ) : null}
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
