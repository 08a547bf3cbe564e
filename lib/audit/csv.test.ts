import { describe, expect, it } from "vitest";
import { auditCsvRow, csvCell } from "./csv";

describe("audit CSV", () => {
  it("quotes commas, quotes and newlines", () => {
    expect(csvCell('said "no", twice\nthen left')).toBe('"said ""no"", twice\nthen left"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
  });

  it("defuses spreadsheet formulas", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("-1+1")).toBe("'-1+1");
  });

  it("writes one line per event with JSON before/after", () => {
    const row = auditCsvRow({
      id: "7",
      at: "2026-11-25T12:00:00.000Z",
      actor: { type: "user", id: "u1", label: "ops" },
      action: "flag.changed",
      target: { type: "flag", id: "use_v2_coordinator" },
      before: { value: "off" },
      after: { value: 10 },
      reason: "canary",
      requestId: "r1",
    });
    expect(row).toBe(
      '7,2026-11-25T12:00:00.000Z,user,u1,ops,flag.changed,flag,use_v2_coordinator,canary,r1,"{""value"":""off""}","{""value"":10}"\r\n',
    );
  });
});
