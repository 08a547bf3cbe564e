import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { HealthView } from "./health-view";

export const metadata: Metadata = { title: "Health" };

export default function HealthPage() {
  return (
    <>
      <PageHeader
        title="Health"
        description="The deployment monitor's five metrics and the thresholds that trigger an automatic rollback."
      />
      <HealthView />
    </>
  );
}
