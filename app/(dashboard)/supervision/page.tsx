import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SupervisionView } from "./supervision-view";

export const metadata: Metadata = { title: "Supervision" };

export default function SupervisionPage() {
  return (
    <>
      <PageHeader
        title="Supervision"
        description="Supervision trees of the monitored nodes: restarts per supervisor, how close each is to giving up (restarts within its period against MaxR), and what changed since the previous snapshot."
      />
      <SupervisionView />
    </>
  );
}
