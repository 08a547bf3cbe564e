// Coalesces "reports were stored" into at most one announcement per period (a second) per instance: the first batch
// after a quiet period is announced at once (the tiles, and a guard that acts on one evaluation, see it without
// delay); batches within the period are summed into one trailing announcement at its end. Pure: the caller gives
// the sender, the clock and the timer.

export type Announcer = { record(reports: number): void; stop(): void };

export type AnnouncerOptions = {
  send: (reports: number) => void;
  periodMs?: number;
  now?: () => number;
  schedule?: (run: () => void, ms: number) => () => void;
};

const timer = (run: () => void, ms: number) => {
  const handle = setTimeout(run, ms);
  handle.unref?.();
  return () => clearTimeout(handle);
};

export function createAnnouncer(options: AnnouncerOptions): Announcer {
  const periodMs = options.periodMs ?? 1000;
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? timer;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let pending = 0;
  let cancel: (() => void) | undefined;

  const flush = () => {
    cancel = undefined;
    if (pending === 0) return;
    lastSentAt = now();
    const reports = pending;
    pending = 0;
    options.send(reports);
  };

  return {
    record(reports) {
      if (reports <= 0) return;
      pending += reports;
      if (cancel) return; // a trailing announcement is already due
      const wait = lastSentAt + periodMs - now();
      if (wait <= 0) flush();
      else cancel = schedule(flush, wait);
    },
    stop() {
      cancel?.();
      cancel = undefined;
      pending = 0;
    },
  };
}
