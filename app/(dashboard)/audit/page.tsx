import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { AuditView } from "./audit-view";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every change, who made it, when, and why. Append-only: the database rejects edits and deletions."
      />
      <AuditView />
    </>
  );
}
