import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Supervision" };

export default function SupervisionPage() {
  return (
    <>
      <PageHeader
        title="Supervision"
        description="Supervision trees of the monitored nodes, with restart counts per supervisor and worker."
      />
      <EmptyState title="No supervision trees reported yet">
        <p>
          Each monitored node sends a snapshot of its supervision tree (JidoSystem.Supervisor, Foundation.Supervisor,
          JidoSystem.AgentSupervisor and their children) with its restart counts. Trees, restart events and a chart of
          restarts per minute appear here, newest snapshot first.
        </p>
      </EmptyState>
    </>
  );
}
