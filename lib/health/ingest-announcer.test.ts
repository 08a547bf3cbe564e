import { describe, expect, it } from "vitest";
import { createAnnouncer } from "./ingest-announcer";

function harness() {
  let clock = 0;
  const sent: { at: number; reports: number }[] = [];
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  const announcer = createAnnouncer({
    send: (reports) => sent.push({ at: clock, reports }),
    now: () => clock,
    schedule: (run, ms) => {
      const timer = { at: clock + ms, run, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  /** Moves the clock, firing the timers that come due on the way. */
  const advance = (ms: number) => {
    const until = clock + ms;
    for (const t of timers.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)) {
      clock = t.at;
      t.cancelled = true;
      t.run();
    }
    clock = until;
  };
  return { announcer, sent, advance };
}

describe("the ingest announcer", () => {
  it("announces the first batch at once and sums the rest of the second into one trailing announcement", () => {
    const { announcer, sent, advance } = harness();
    announcer.record(50);
    expect(sent).toEqual([{ at: 0, reports: 50 }]);
    advance(100);
    announcer.record(50);
    advance(300);
    announcer.record(25);
    expect(sent).toHaveLength(1);
    advance(600);
    expect(sent).toEqual([
      { at: 0, reports: 50 },
      { at: 1000, reports: 75 },
    ]);
  });

  it("never announces more than once a second however many batches arrive", () => {
    const { announcer, sent, advance } = harness();
    for (let i = 0; i < 500; i++) {
      announcer.record(1);
      advance(10);
    }
    advance(1000);
    expect(sent.reduce((sum, s) => sum + s.reports, 0)).toBe(500);
    expect(sent.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("announces at once again after a quiet second, and nothing for batches that stored no report", () => {
    const { announcer, sent, advance } = harness();
    announcer.record(0);
    expect(sent).toEqual([]);
    announcer.record(3);
    advance(5000);
    announcer.record(4);
    expect(sent).toEqual([
      { at: 0, reports: 3 },
      { at: 5000, reports: 4 },
    ]);
  });
});
