import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { OverviewView } from "./overview-view";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <>
      <PageHeader
        title="Overview"
        description="Where the rollout stands, what the flags say, and whether the system is healthy."
      />
      <OverviewView />
    </>
  );
}
