"use client";

import { AccountPanel } from "./account-panel";
import { InstallationPanel } from "./installation-panel";
import { TokensPanel } from "./tokens-panel";
import { UsersPanel } from "./users-panel";
import { WebhooksPanel } from "./webhooks-panel";

export function SettingsView() {
  return (
    <div className="space-y-4">
      <AccountPanel />
      <UsersPanel />
      <TokensPanel />
      <WebhooksPanel />
      <InstallationPanel />
    </div>
  );
}
