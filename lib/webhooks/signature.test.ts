import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeader, verifySignature } from "./signature";

const secret = "whsec_test-secret";
const body = '{"text":"Phase 3 → 2 rolled back by anna"}';

describe("webhook signatures", () => {
  it("is HMAC-SHA256 over `${timestamp}.${body}`, hex, with the timestamp beside it", () => {
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signatureHeader(secret, 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it("verifies inside the replay window and refuses outside it, a changed body, another secret or garbage", () => {
    const header = signatureHeader(secret, 1_700_000_000, body);
    expect(verifySignature(secret, header, body, 1_700_000_000 + 299)).toBe(true);
    expect(verifySignature(secret, header, body, 1_700_000_000 + 301)).toBe(false);
    expect(verifySignature(secret, header, body.replace("anna", "bob"), 1_700_000_000)).toBe(false);
    expect(verifySignature("whsec_other", header, body, 1_700_000_000)).toBe(false);
    expect(verifySignature(secret, "t=1700000000,v1=zz", body, 1_700_000_000)).toBe(false);
    expect(verifySignature(secret, undefined, body, 1_700_000_000)).toBe(false);
  });

  it("makes a different secret every time", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
