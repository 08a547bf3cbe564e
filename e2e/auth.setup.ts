import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE, E2E_ADMIN, E2E_OPERATOR, E2E_VIEWER } from "./testing/people";

setup("sign in as admin and add an operator and a viewer through the API", async ({ request, baseURL }) => {
  const login = await request.post("/api/v1/session", { data: E2E_ADMIN });
  expect(login.status()).toBe(201);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  for (const person of [E2E_OPERATOR, E2E_VIEWER]) {
    const created = await request.post("/api/v1/users", {
      data: person,
      headers: { "x-csrf-token": csrfToken, origin: baseURL! },
    });
    expect([201, 409]).toContain(created.status());
  }
  await request.storageState({ path: ADMIN_STATE });
});
