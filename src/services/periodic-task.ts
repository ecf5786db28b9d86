/**
 * Runs background work now and again `intervalMs` after each run ends (never two runs at once),
 * until the returned stop function is called; stopping waits for a run in progress. The timer
 * does not keep the process alive.
 */
export function startPeriodicTask(work: () => Promise<void>, intervalMs: number): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = work().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs).unref();
    });
  };
  tick();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
