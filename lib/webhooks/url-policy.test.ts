import { describe, expect, it } from "vitest";
import { addressKind, refuseWebhookUrl } from "./url-policy";

const strict = { loopback: false, privateNetworks: false };

describe("webhook URL policy", () => {
  it("accepts public http(s) URLs", () => {
    expect(refuseWebhookUrl("https://hooks.slack.com/services/T0/B0/x", strict)).toBeNull();
    expect(refuseWebhookUrl("http://203.0.113.7:8080/hook", strict)).toBeNull();
  });

  it.each([
    ["ftp://example.com/x", /http:\/\/ or https:\/\//],
    ["file:///etc/passwd", /http:\/\/ or https:\/\//],
    ["javascript:alert(1)", /http:\/\/ or https:\/\//],
    ["https://user:pass@example.com/", /credentials/],
    ["not a url", /not a valid URL/],
    ["http://169.254.169.254/latest/meta-data", /link-local/],
    ["http://0.0.0.0:8080/", /unspecified/],
    ["http://[fe80::1]/", /link-local/],
    ["http://224.0.0.1/", /multicast/],
  ])("refuses %s", (url, reason) => {
    expect(refuseWebhookUrl(url, strict)).toMatch(reason);
  });

  it("refuses loopback and private targets unless the operator allows them", () => {
    for (const url of ["http://127.0.0.1:9/", "http://localhost/", "http://[::1]/", "http://[::ffff:127.0.0.1]/"]) {
      expect(refuseWebhookUrl(url, strict)).toMatch(/PHASEGATE_WEBHOOK_ALLOW_LOOPBACK/);
      expect(refuseWebhookUrl(url, { loopback: true, privateNetworks: false })).toBeNull();
    }
    for (const url of ["http://10.1.2.3/", "http://172.20.0.1/", "http://192.168.1.5/", "http://[fd00::5]/"]) {
      expect(refuseWebhookUrl(url, { loopback: true, privateNetworks: false })).toMatch(/PRIVATE/);
      expect(refuseWebhookUrl(url, { loopback: false, privateNetworks: true })).toBeNull();
    }
    expect(refuseWebhookUrl("http://169.254.169.254/", { loopback: true, privateNetworks: true })).toMatch(
      /link-local/,
    );
  });

  it("classifies addresses", () => {
    expect(addressKind("8.8.8.8")).toBe("public");
    expect(addressKind("172.32.0.1")).toBe("public");
    expect(addressKind("100.64.0.1")).toBe("private");
    expect(addressKind("255.255.255.255")).toBe("reserved");
    expect(addressKind("2001:db8::1")).toBe("public");
  });
});
