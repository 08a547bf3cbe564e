import { describe, expect, it } from "vitest";
import { coalescedReload } from "./coalesced-reload";

/** A reload the test finishes by hand, so every interleaving is explicit (no timers). */
function controlledReload() {
  const runs: { finish: () => void; fail: (error: Error) => void }[] = [];
  const reload = () =>
    new Promise<void>((resolve, reject) => {
      runs.push({ finish: resolve, fail: reject });
    });
  return { reload, runs };
}

const settled = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe("coalesced reloads", () => {
  it("runs at once when idle", async () => {
    const { reload, runs } = controlledReload();
    const request = coalescedReload(reload);
    const done = request();
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await expect(done).resolves.toBeUndefined();
  });

  it("turns a storm during a reload into exactly one more reload, started after the first one ends", async () => {
    const { reload, runs } = controlledReload();
    const request = coalescedReload(reload);
    const first = request();
    const storm = Array.from({ length: 100 }, () => request());
    expect(runs).toHaveLength(1);
    expect(new Set(storm).size).toBe(1);

    let stormDone = false;
    void storm[0]!.then(() => (stormDone = true));
    runs[0]!.finish();
    await first;
    await settled();
    expect(runs).toHaveLength(2);
    expect(stormDone).toBe(false); // the storm's callers wait for the reload that started after them
    runs[1]!.finish();
    await Promise.all(storm);
    expect(runs).toHaveLength(2);
  });

  it("queues behind a failed reload too, and starts afresh once idle", async () => {
    const { reload, runs } = controlledReload();
    const request = coalescedReload(reload);
    const first = request();
    const queued = request();
    runs[0]!.fail(new Error("database gone"));
    await expect(first).rejects.toThrow("database gone");
    await settled();
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await queued;
    const later = request();
    expect(runs).toHaveLength(3);
    runs[2]!.finish();
    await later;
  });

  it("never has two reloads in flight, whatever the timing", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let runs = 0;
    const request = coalescedReload(async () => {
      runs++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      for (let i = 0; i < 3; i++) await Promise.resolve();
      inFlight--;
    });
    const all: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      all.push(request());
      if (i % 7 === 0) await Promise.resolve();
    }
    await Promise.all(all);
    expect(maxInFlight).toBe(1);
    expect(runs).toBeLessThan(200);
  });
});
