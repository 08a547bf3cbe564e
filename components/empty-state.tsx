import type { ReactNode } from "react";

/** What will appear here, and how the data gets in. */
export function EmptyState({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div
      data-testid={testId ?? "empty-state"}
      className="border-line rounded-lg border border-dashed px-6 py-8 text-center"
    >
      <p className="font-medium">{title}</p>
      <div className="text-muted mx-auto mt-2 max-w-2xl space-y-2 text-sm">{children}</div>
    </div>
  );
}
