import { expect, test } from "@playwright/test";
import { syntheticSnapshot } from "../lib/supervision/testing/synthetic-tree";

const NODE = "coordinator@e2e-host";
const WORKER = "worker_42_17";
const SUPERVISOR = "pool_sup_42";

test("an operator opens a 10,000-process tree, finds a worker by name and sees its supervisor's restarts", async ({
  page,
  request,
  baseURL,
}) => {
  await test.step("a node reports a 10,000-process snapshot and four restarts under one pool", async () => {
    const session = (await (await request.get("/api/v1/session")).json()) as { csrfToken: string };
    const created = await request.post("/api/v1/tokens", {
      data: { name: `e2e-reporter-${Date.now()}`, scopes: ["ingest"], expiresInDays: null },
      headers: { "x-csrf-token": session.csrfToken, origin: baseURL! },
    });
    expect(created.status()).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const snapshot = syntheticSnapshot(NODE, 10_000);
    const pool = snapshot.processes.find((p) => p.id === SUPERVISOR)!;
    pool.restarts = 4;
    const stored = await request.post("/api/v1/ingest/supervision/snapshots", { data: snapshot, headers: auth });
    expect(stored.status()).toBe(202);
    const now = Date.now();
    const restarts = Array.from({ length: 4 }, (_, k) => ({
      id: `e2e-${now}-${k}`,
      supervisor: SUPERVISOR,
      childId: WORKER,
      reason: k === 3 ? "{timeout,{gen_server,call,[db,query]}}" : "killed",
      at: new Date(now - (4 - k) * 500).toISOString(),
    }));
    const batch = await request.post("/api/v1/ingest/supervision/restarts", {
      data: { node: NODE, restarts },
      headers: auth,
    });
    expect(await batch.json()).toEqual({ accepted: 4, duplicates: 0 });
  });

  await test.step("the Supervision page shows the node's tree", async () => {
    await page.goto("/supervision");
    await expect(page.getByRole("tab", { name: new RegExp(NODE) })).toContainText("10,000 processes");
    await expect(page.getByRole("tree", { name: "Supervision tree" })).toContainText("root_sup");
    // The supervisor about to give up is named at the top of the page.
    await expect(page.getByRole("alert").filter({ hasText: SUPERVISOR })).toContainText(
      `${SUPERVISOR}: 4 of 5 restarts within 30s`,
    );
  });

  await test.step("searching the worker's name finds it and reveals it in the tree", async () => {
    await page.getByRole("searchbox", { name: /Search processes/ }).fill(WORKER);
    await page
      .getByRole("list", { name: "Search results" })
      .getByRole("button", { name: new RegExp(WORKER) })
      .click();
    await expect(page.locator(`[role=treeitem][data-process="${WORKER}"]`)).toHaveAttribute("aria-selected", "true");
  });

  await test.step("its supervisor's restarts, reasons and headroom are shown", async () => {
    const detail = page.getByRole("region", { name: `Restarts of ${SUPERVISOR}` });
    await expect(detail.getByTestId("supervisor-restarts")).toHaveText("4");
    await expect(detail).toContainText("4 of 5 restarts within the last 30s, 1 left");
    await expect(detail).toContainText(`${WORKER}: {timeout,{gen_server,call,[db,query]}}`);
  });
});
