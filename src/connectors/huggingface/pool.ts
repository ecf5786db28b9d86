/**
 * A few requests at a time: the viewer is asked once per dataset, and one at a time a full scan of
 * the Hub (hundreds of thousands of datasets) would take most of a day.
 */

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface Pool<T> {
  /** One outcome per item, in item order; they never reject. */
  outcomes: Array<Promise<Outcome<T>>>;
  /** Starts no further task (tasks already running finish on their own). */
  stop(): void;
}

export function pool<I, T>(items: I[], concurrency: number, task: (item: I) => Promise<T>): Pool<T> {
  const settle: Array<(outcome: Outcome<T>) => void> = [];
  const outcomes = items.map(() => new Promise<Outcome<T>>((resolve) => settle.push(resolve)));
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      const index = next++;
      try {
        settle[index]!({ ok: true, value: await task(items[index]!) });
      } catch (error) {
        settle[index]!({ ok: false, error });
      }
    }
  };
  for (let started = 0; started < Math.min(concurrency, items.length); started++) void worker();
  return { outcomes, stop: () => (stopped = true) };
}
