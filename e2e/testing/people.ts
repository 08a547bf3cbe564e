import type { Page } from "@playwright/test";

// The people the journeys sign in as. The admin is created by `npm start` from PHASEGATE_ADMIN_PASSWORD; the others
// through the users API in auth.setup.ts.
export const E2E_ADMIN = { username: "admin", password: "e2e admin passphrase" };
export const E2E_OPERATOR = {
  username: "olga",
  password: "operator passphrase",
  role: "operator" as const,
  displayName: "Olga Operator",
};
export const E2E_VIEWER = {
  username: "victor",
  password: "viewer passphrase",
  role: "viewer" as const,
  displayName: "Victor Viewer",
};

export const ADMIN_STATE = "test-results/.auth/admin.json";

/** Signs in through the sign-in page, landing on `next`. */
export async function signInThroughPage(page: Page, person: { username: string; password: string }, next = "/") {
  await page.goto(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
}
