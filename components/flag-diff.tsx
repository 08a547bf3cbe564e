import type { FlagValueWire } from "@/lib/flags/value";
import { FlagValueBadge } from "./flag-value";

/** Exactly which flags a change touches, from what to what. */
export function FlagDiff({ changes }: { changes: { key: string; before: FlagValueWire; after: FlagValueWire }[] }) {
  if (changes.length === 0)
    return (
      <p className="text-muted text-sm" data-testid="flag-diff-empty">
        No flag changes: every flag already has its target value.
      </p>
    );
  return (
    <table className="w-full text-left text-sm" data-testid="flag-diff">
      <thead className="text-muted text-xs">
        <tr>
          <th className="py-1 pr-4 font-medium">Flag</th>
          <th className="py-1 pr-2 font-medium">Now</th>
          <th className="py-1 font-medium">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.key} className="border-line border-t" data-testid={`flag-diff-${change.key}`}>
            <td className="py-1 pr-4 font-mono text-xs">{change.key}</td>
            <td className="py-1 pr-2">
              <FlagValueBadge value={change.before} />
            </td>
            <td className="py-1">
              <FlagValueBadge value={change.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
