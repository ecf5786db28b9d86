/**
 * Pulls up to `size` items of `source` ahead of its consumer, so a connector fetches and parses
 * its next page while the sink writes the previous batch: the platform's latency and the
 * database's writes overlap instead of adding up. Items, a failure and the end arrive in the
 * source's order, so a failure still comes after every record read before it. When the consumer
 * stops early, items pulled ahead are dropped (nothing was stored for them) and the source is
 * closed once its pending pull settles.
 */
type Pulled<T> = { item: IteratorResult<T> } | { error: unknown };

export async function* readAhead<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: Array<Pulled<T>> = [];
  let pulling: Promise<void> | undefined;
  // Set and cleared synchronously: a pull that finds the buffer full ends before it is awaited.
  let active = false;
  let wake: (() => void) | undefined;
  let ended = false;
  let stopped = false;

  const pull = async (): Promise<void> => {
    active = true;
    try {
      while (!ended && !stopped && buffered.length < size) {
        try {
          const item = await iterator.next();
          buffered.push({ item });
          if (item.done) ended = true;
        } catch (error) {
          buffered.push({ error });
          ended = true;
        }
        wake?.();
      }
    } finally {
      active = false;
    }
  };

  try {
    for (;;) {
      if (!active && !ended) pulling = pull();
      const next = buffered.shift();
      if (!next) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if ('error' in next) throw next.error;
      if (next.item.done) return;
      yield next.item.value;
    }
  } finally {
    stopped = true;
    await pulling;
    if (!ended) await iterator.return?.();
  }
}
