import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SettingsView } from "./settings-view";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your account, the people who can sign in, the API tokens machines use, webhooks, and this installation."
      />
      <SettingsView />
    </>
  );
}
