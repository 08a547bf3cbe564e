// Sign-in throttling under real concurrency: many guesses at once, against the real database, must not slip past
// the limits (5 failures per username, 20 per address, per 15 minutes) by all checking before any is recorded.
import { describe, expect, it } from "vitest";
import * as passwordRoute from "@/app/api/v1/session/password/route";
import * as sessionRoute from "@/app/api/v1/session/route";
import { db } from "@/lib/db/client";
import { callRoute } from "@/lib/http/testing/call-route";
import { THROTTLE } from "@/lib/auth/throttle";
import { TEST_PASSWORD, createPerson, signIn } from "@/lib/auth/testing/principals";

const login = (username: string, password: string, ip: string) =>
  callRoute(sessionRoute.POST, "/api/v1/session", {
    body: { username, password },
    headers: { "x-phasegate-client-ip": ip },
  });

function tally(statuses: number[]) {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe("throttling under concurrent guesses", () => {
  it("200 parallel wrong guesses for one user from one address: 5 are checked, the rest get 429", async () => {
    const user = await createPerson("viewer");
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(user.username, `guess ${i}`, "10.20.0.1")),
    );
    expect(tally(responses.map((r) => r.status))).toEqual({ 401: THROTTLE.maxFailuresPerUser, 429: 195 });
    expect(await db().loginAttempt.count({ where: { username: user.username, success: false } })).toBe(5);

    // The right password, sent among more guesses, does not get through while throttled.
    const again = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => login(user.username, `more ${i}`, "10.20.0.1")),
      login(user.username, TEST_PASSWORD, "10.20.0.1"),
    ]);
    expect(tally(again.map((r) => r.status))).toEqual({ 429: 21 });
  });

  it("the right password among parallel guesses gets through only as one of the first 5 tries", async () => {
    const user = await createPerson("viewer");
    const responses = await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => login(user.username, `guess ${i}`, "10.21.0.1")),
      login(user.username, TEST_PASSWORD, "10.21.0.1"),
    ]);
    const counts = tally(responses.map((r) => r.status));
    expect((counts[401] ?? 0) + (counts[201] ?? 0)).toBe(THROTTLE.maxFailuresPerUser);
    expect(counts[429]).toBe(61 - THROTTLE.maxFailuresPerUser);
  });

  it("100 parallel guesses across usernames from one address: 20 are checked, the rest get 429", async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login(`sprayed-${i}`, "guess", "10.22.0.1")),
    );
    expect(tally(responses.map((r) => r.status))).toEqual({ 401: THROTTLE.maxFailuresPerAddress, 429: 80 });
  });

  it("wrong current passwords on a password change count too, per user", async () => {
    const user = await createPerson("operator");
    const caller = await signIn(user.username, TEST_PASSWORD, "10.23.0.1");
    const change = (currentPassword: string) =>
      callRoute(passwordRoute.PUT, "/api/v1/session/password", {
        method: "PUT",
        body: { currentPassword, newPassword: "a brand new passphrase" },
        headers: { ...caller.headers, "x-phasegate-client-ip": "10.23.0.2" },
      });
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => change(`wrong ${i}`)));
    expect(tally(responses.map((r) => r.status))).toEqual({ 400: THROTTLE.maxFailuresPerUser, 429: 25 });
    const right = await change(TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
