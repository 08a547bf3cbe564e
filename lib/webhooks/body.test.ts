import { describe, expect, it } from "vitest";
import { makeEvent } from "../events/vocabulary";
import { webhookBody } from "./body";

const record = {
  id: 42n,
  at: new Date("2026-11-25T18:00:00Z"),
  actor: { type: "user" as const, id: "u1", label: "anna" },
  reason: "error rate 7.1%",
};

describe("webhook body", () => {
  it("carries a one-line text for Slack and the structured event", () => {
    const body = webhookBody(makeEvent("phase.rolled_back", { from: 3, to: 2, version: 9 }), record);
    expect(body).toEqual({
      text: "Phase 3 → 2 rolled back by anna: error rate 7.1%",
      event: {
        id: "42",
        type: "phase.rolled_back",
        payload: { from: 3, to: 2, version: 9 },
        actor: { type: "user", label: "anna" },
        reason: "error rate 7.1%",
        at: "2026-11-25T18:00:00.000Z",
      },
    });
  });

  it("summarises events without a reason and events it has no wording for", () => {
    const noReason = { ...record, reason: null };
    expect(webhookBody(makeEvent("flag.changed", { key: "use_v2_coordinator", version: 3 }), noReason).text).toBe(
      "Flag use_v2_coordinator changed (version 3) by anna",
    );
    expect(webhookBody(makeEvent("alert.opened", { id: "a7" }), noReason).text).toBe("alert.opened a7 by anna");
  });
});
