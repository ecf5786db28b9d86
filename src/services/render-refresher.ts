/**
 * Keeps the read model current in the background: renders every stale rendering (after an upgrade,
 * a platform rename or a large fan-out), a batch per transaction. Reads of stale assets are
 * rendered on read meanwhile, so this only restores speed, never correctness. Several API replicas
 * may run it at once: rendering twice gives the same result.
 */
import type { Catalogue } from './catalogue.ts';
import { startPeriodicTask } from './periodic-task.ts';
import { refreshStaleBatch } from './rendering.ts';
import { retriedTransaction } from './write-retries.ts';

const BATCH = 500;

/** Renders stale renderings until none is left; returns how many it rendered. */
export async function refreshAllStale(catalogue: Catalogue, progress?: (done: number) => void): Promise<number> {
  let done = 0;
  for (;;) {
    // A batch that loses a race with the API's writes (a deadlock) is rendered again at once.
    const rendered = await retriedTransaction(catalogue.database.kysely, (trx) => refreshStaleBatch(trx, BATCH));
    if (rendered === 0) return done;
    done += rendered;
    progress?.(done);
  }
}

/** Runs `refreshAllStale` now and every `intervalMs`, until the returned stop function is called. */
export function startRenderRefresher(catalogue: Catalogue, intervalMs = 5000): () => Promise<void> {
  return startPeriodicTask(
    () =>
      refreshAllStale(catalogue, (done) => {
        if (done % 10_000 < BATCH) catalogue.logger.info({ rendered: done }, 'refreshing stale renderings');
      })
        .then((done) => {
          if (done > 0) catalogue.logger.info({ rendered: done }, 'stale renderings refreshed');
        })
        .catch((error: unknown) => catalogue.logger.error({ err: error }, 'refreshing renderings failed')),
    intervalMs,
  );
}
