import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ReadinessView } from "./readiness-view";

export const metadata: Metadata = { title: "Readiness" };

export default function ReadinessPage() {
  return (
    <>
      <PageHeader
        title="Readiness"
        description="The production readiness checklist: all checks must pass before the production phases."
      />
      <ReadinessView />
    </>
  );
}
