import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { FlagsView } from "./flags-view";

export const metadata: Metadata = { title: "Flags" };

export default function FlagsPage() {
  return (
    <>
      <PageHeader
        title="Flags"
        description="Feature flags the monitored services read: on, off, or a percentage rollout where an id is in when erlang:phash2({flag, id}, 100) < percentage."
      />
      <FlagsView />
    </>
  );
}
