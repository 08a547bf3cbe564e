import { describe, expect, it } from "vitest";
import { clientAddress, forwardedEntry } from "./client-ip";

describe("the client address", () => {
  it("is the socket's without trusted proxies, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("10.0.0.5", "6.6.6.6", 0)).toBe("10.0.0.5");
    expect(clientAddress(undefined, undefined, 0)).toBe("unknown");
  });

  it("is the entry the outermost trusted proxy appended, not the client-controlled leftmost one", () => {
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.9", 2)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.2", ["6.6.6.6, 203.0.113.7", "10.0.0.9"], 2)).toBe("203.0.113.7");
  });

  it("falls back to the leftmost entry when fewer proxies wrote one, and to the socket when none did", () => {
    expect(clientAddress("10.0.0.2", "203.0.113.7", 3)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.2", undefined, 2)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", " , ", 1)).toBe("10.0.0.2");
  });

  it("reads X-Forwarded-Proto the same way", () => {
    expect(forwardedEntry("http, https", 1)).toBe("https");
    expect(forwardedEntry("https", 0)).toBeUndefined();
  });
});
