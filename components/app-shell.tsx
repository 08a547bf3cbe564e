"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { EmergencyButton } from "./emergency-button";
import { LiveIndicator } from "./live-updates";
import { RolloutBadge } from "./rollout-badge";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/flags", label: "Flags" },
  { href: "/rollout", label: "Rollout" },
  { href: "/health", label: "Health" },
  { href: "/supervision", label: "Supervision" },
  { href: "/readiness", label: "Readiness" },
  { href: "/audit", label: "Audit" },
  { href: "/settings", label: "Settings" },
] as const;

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const isActive = (href: string) => (href === "/" ? pathname === "/" : pathname.startsWith(href));
  return (
    <div className="flex min-h-screen flex-col lg:flex-row">
      <aside className="border-line bg-panel flex shrink-0 flex-col border-b lg:w-56 lg:border-r lg:border-b-0">
        <div className="flex items-center justify-between px-4 py-4">
          <Link href="/" className="text-lg font-semibold tracking-tight">
            Phasegate
          </Link>
          <div className="lg:hidden">
            <ThemeToggle />
          </div>
        </div>
        <nav aria-label="Main" className="flex gap-1 overflow-x-auto px-2 pb-2 lg:flex-col lg:pb-4">
          {NAV_ITEMS.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              aria-current={isActive(item.href) ? "page" : undefined}
              className={`rounded-md px-3 py-2 text-sm whitespace-nowrap transition-colors ${
                isActive(item.href)
                  ? "bg-accent text-accent-text font-medium"
                  : "text-muted hover:bg-panel-2 hover:text-text"
              }`}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="mt-auto hidden px-4 py-4 lg:block">
          <ThemeToggle />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="border-line flex items-center justify-between gap-3 border-b px-6 py-3">
          <div className="flex items-center gap-4">
            <RolloutBadge />
            <LiveIndicator />
          </div>
          <div className="flex items-center gap-3">
            <EmergencyButton />
            <UserMenu />
          </div>
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 px-6 py-6">{children}</main>
      </div>
    </div>
  );
}
