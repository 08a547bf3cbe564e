import { describe, expect, it } from "vitest";
import { formatAgo, formatMinutes, humanize } from "./format";

describe("formatMinutes", () => {
  it("uses the runbook's units", () => {
    expect(formatMinutes(30)).toBe("30 min");
    expect(formatMinutes(120)).toBe("2 h");
    expect(formatMinutes(1440)).toBe("24 h");
    expect(formatMinutes(2880)).toBe("2 days");
    expect(formatMinutes(90)).toBe("1 h 30 min");
  });
});

describe("formatAgo", () => {
  it("counts back from now", () => {
    const now = Date.parse("2026-11-25T12:00:00Z");
    expect(formatAgo("2026-11-25T11:59:50Z", now)).toBe("just now");
    expect(formatAgo("2026-11-25T11:50:00Z", now)).toBe("10 min ago");
    expect(formatAgo("2026-11-25T09:00:00Z", now)).toBe("3 h ago");
    expect(formatAgo("2026-11-20T09:00:00Z", now)).toBe("2026-11-20 09:00:00 UTC");
  });
});

it("humanizes snake_case names", () => {
  expect(humanize("state_management")).toBe("State management");
});
