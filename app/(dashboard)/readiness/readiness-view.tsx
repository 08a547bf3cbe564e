"use client";

import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { QueryState } from "@/components/query-state";
import { humanize } from "@/lib/format";
import { checklistQuery } from "@/lib/readiness/queries";

export function ReadinessView() {
  const checklist = useQuery(checklistQuery());
  return (
    <div className="space-y-4">
      <EmptyState title="No readiness run yet">
        <p>
          A run checks the system against every item below and records the evidence: from the pre-integration scan of
          the code, from live health data, or from CI. The latest run&rsquo;s verdict, READY or NOT READY, shows here.
        </p>
      </EmptyState>
      <QueryState query={checklist} label="the checklist">
        {({ categories, total }) => (
          <>
            <p className="text-muted text-sm">
              {total} checks in {categories.length} categories
            </p>
            <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
              {categories.map((category) => (
                <Panel key={category.name} title={humanize(category.name)}>
                  <ul className="space-y-2 text-sm">
                    {category.checks.map((check) => (
                      <li key={check.key}>
                        <div>{check.name}</div>
                        <div className="text-muted text-xs">{check.description}</div>
                      </li>
                    ))}
                  </ul>
                </Panel>
              ))}
            </div>
          </>
        )}
      </QueryState>
    </div>
  );
}
