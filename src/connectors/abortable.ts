/**
 * Iterates a connector's events but stops as soon as `signal` aborts, even while the connector is
 * stuck awaiting something that ignores the signal: a shutdown must never hang on a connector.
 */
export async function* abortable<T>(events: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = events[Symbol.asyncIterator]();
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // Nobody may be awaiting it when it rejects.
  aborted.catch(() => {});
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Let the connector clean up, without waiting for one that is stuck.
    void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}
