/**
 * Pruning the change log. It grows by a row per asset write, and only the search indexes read it,
 * each after its own position (and, for minutes, in the gaps it passed: change-gaps.ts). Rows
 * older than CHANGE_LOG_RETENTION_DAYS are deleted, oldest first, a chunk per statement so no
 * transaction grows with the backlog. The newest row always stays: it carries the log's head
 * (index lag, a rebuild's starting point).
 *
 * An index whose position lies before a deleted row (its indexer stopped for longer than the
 * retention, or a backend no longer used) would miss those changes: its position is dropped
 * instead, and it is rebuilt from the catalogue when its indexer next runs. Nothing is lost.
 */
import { changeTimesAfter, deleteChangesThrough, latestSeq } from '../repositories/change-log.ts';
import { dropPositionsBefore } from '../repositories/search-positions.ts';
import type { Catalogue } from '../services/catalogue.ts';

/** Rows read and deleted per statement. */
const CHUNK = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneResult {
  deleted: number;
  /** Search index consumers that had fallen behind the pruned rows and will be rebuilt. */
  rebuilding: string[];
}

/** Deletes the change-log rows older than the retention; a retention of 0 keeps every row. `chunk`: rows per statement. */
export async function pruneChangeLog(catalogue: Catalogue, chunk = CHUNK): Promise<PruneResult> {
  const result: PruneResult = { deleted: 0, rebuilding: [] };
  const days = catalogue.settings.CHANGE_LOG_RETENTION_DAYS;
  if (days === 0) return result;
  const { kysely } = catalogue.database;
  const cutoff = new Date(catalogue.now().getTime() - days * DAY_MS).toISOString();
  const newest = await latestSeq(kysely);
  let after = 0;
  for (;;) {
    const rows = await changeTimesAfter(kysely, after, chunk);
    // Times come from the writers' clocks, so they are only nearly in seq order: stop at the first
    // row inside the retention rather than look past it.
    let through = after;
    for (const row of rows) {
      if (row.at >= cutoff || row.seq >= newest) break;
      through = row.seq;
    }
    if (through === after) return result;
    result.rebuilding.push(...(await dropPositionsBefore(kysely, through)));
    result.deleted += await deleteChangesThrough(kysely, through);
    after = through;
    if (rows.length < chunk) return result;
  }
}

/** Runs pruneChangeLog and logs what it did; a failure is logged and left for the next time. */
export async function pruneChangeLogLogged(catalogue: Catalogue): Promise<void> {
  try {
    const { deleted, rebuilding } = await pruneChangeLog(catalogue);
    if (deleted > 0) catalogue.logger.info({ deleted, retentionDays: catalogue.settings.CHANGE_LOG_RETENTION_DAYS }, 'change log pruned');
    if (rebuilding.length > 0) {
      catalogue.logger.warn({ consumers: rebuilding }, 'search indexes further behind than the change-log retention will be rebuilt');
    }
  } catch (error) {
    catalogue.logger.error({ err: error }, 'pruning the change log failed; trying again later');
  }
}
