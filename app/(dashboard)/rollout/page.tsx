import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { RolloutView } from "./rollout-view";

export const metadata: Metadata = { title: "Rollout" };

export default function RolloutPage() {
  return (
    <>
      <PageHeader
        title="Rollout"
        description="The five-phase plan. Each phase's flag state is every flag's default overlaid by phases 1 to N, so a rollback restores the whole previous state."
      />
      <RolloutView />
    </>
  );
}
