"use client";

import type { ReactElement } from "react";
import { ResponsiveContainer } from "recharts";

/** Theme colours for Recharts, read from the same CSS variables as the rest of the page. */
export const chartColors = {
  line: "var(--accent)",
  grid: "var(--line)",
  text: "var(--muted)",
  ok: "var(--ok)",
  warn: "var(--warn)",
  bad: "var(--bad)",
};

export function ChartFrame({
  height = 220,
  label,
  children,
}: {
  height?: number;
  label: string;
  children: ReactElement;
}) {
  return (
    <figure aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
