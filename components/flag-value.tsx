import type { FlagValueWire } from "@/lib/flags/value";

export function FlagValueBadge({ value }: { value: FlagValueWire }) {
  const style =
    value === "on"
      ? "bg-ok/15 text-ok border-ok/40"
      : value === "off"
        ? "bg-panel-2 text-muted border-line"
        : "bg-warn/15 text-warn border-warn/40";
  return (
    <span className={`inline-flex min-w-12 justify-center rounded border px-2 py-0.5 font-mono text-xs ${style}`}>
      {typeof value === "number" ? `${value}%` : value}
    </span>
  );
}
