// Coalesces reload requests: at most one reload in flight and one queued behind it, however many notifications
// arrive. Every caller's promise settles after a reload that started after the call, so "I asked, then it
// finished" always means "the reload saw my change". Pure.

export function coalescedReload(reload: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const start = (): Promise<void> => {
    const run: Promise<void> = reload().finally(() => {
      if (inFlight === run) inFlight = undefined;
    });
    inFlight = run;
    return run;
  };

  return function requestReload() {
    if (queued) return queued;
    if (!inFlight) return start();
    // The reload in flight may have read the table before the caller's change committed: run once more after it.
    queued = inFlight
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}
