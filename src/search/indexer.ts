/**
 * The search indexer: follows change_log from its stored position and brings the index up to date.
 * For each changed asset it reads the asset's current state (so the order and number of changes do
 * not matter): a published, live asset of a searchable type is (re)indexed, anything else removed.
 * The position advances only in the transaction that follows a successful index write (for the
 * database backend, the same transaction as the write), so a crash or restart resumes where the
 * index really is: nothing is lost, at worst a change is applied twice, which changes nothing.
 *
 * On MySQL/MariaDB changes can become visible out of seq order; the position never passes a seq
 * that may still appear (change-gaps.ts), and the gaps it passed are stored with it.
 *
 * An index without a position (first start, new backend) or built from another declaration of the
 * searchable fields is rebuilt first. A rebuild records the change-log position it started from and
 * leaves the position there, so changes written while it ran are applied again afterwards, and the
 * gaps below it as passed, so are writes that were still open when it started.
 */
import { anonymous } from '../auth/principal.ts';
import { unique } from '../database/model/normalize.ts';
import { executorReader, type RawReader } from '../database/raw-reader.ts';
import { renderedByIds, renderedScan, type RevisedRenderedRow } from '../repositories/asset-snapshots.ts';
import { changesAfter, changesInRanges, latestSeq, seqsBetween } from '../repositories/change-log.ts';
import { readPosition, writePosition } from '../repositories/search-positions.ts';
import type { Catalogue } from '../services/catalogue.ts';
import { startPeriodicTask } from '../services/periodic-task.ts';
import type { Viewer } from '../services/render-snapshot.ts';
import { textsOf } from '../services/asset-reads.ts';
import { LISTED_STATUSES } from '../services/visibility.ts';
import type { IndexChanges } from './backend.ts';
import { ChangeGaps } from './change-gaps.ts';
import { pruneChangeLogLogged } from './change-log-pruning.ts';
import { type SearchDocument, searchDocument } from './document.ts';
import { searchBackendOf } from './open-backend.ts';
import { requireSearchable, SEARCH_SCHEMA_VERSION, searchableByType, searchableTypes } from './schema.ts';

/** Changes (and, in a rebuild, assets) handled per transaction. */
const BATCH = 500;
/** A rebuild looks for writes still open this many seqs back (more than any writes in flight at once). */
const REBUILD_GAP_LOOKBACK = 5000;
/** How often the change log is pruned (change-log-pruning.ts). */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

const publicViewer: Viewer = { principal: anonymous, version: 'latest' };

const isIndexable = (row: RevisedRenderedRow): boolean =>
  row.live === 1 && LISTED_STATUSES.includes(row.status) && searchableByType(row.type) !== undefined;

/** Search documents of indexable rows, from their public renderings (rendered now where stale). */
async function documentsOf(catalogue: Catalogue, rows: RevisedRenderedRow[]): Promise<SearchDocument[]> {
  const texts = await textsOf(catalogue, rows, 'public', publicViewer);
  return rows.map((row, index) => {
    const text = texts[index] as Uint8Array;
    const read = JSON.parse(Buffer.from(text).toString('utf8')) as Record<string, unknown>;
    return searchDocument(requireSearchable(row.type), read, row.revision);
  });
}

/** What the index must do for these assets, given their current state. */
export async function changesFor(catalogue: Catalogue, reader: RawReader, identifiers: string[]): Promise<IndexChanges> {
  const rows = await renderedByIds(reader, identifiers, 'public');
  const indexable = rows.filter(isIndexable);
  const kept = new Set(indexable.map((row) => row.identifier));
  return {
    upsert: await documentsOf(catalogue, indexable),
    remove: identifiers.filter((identifier) => !kept.has(identifier)),
  };
}

type Step = { applied: number } | { rebuild: true };

/**
 * The gaps each catalogue's indexer has met (see change-gaps.ts). The passed ones are restored from
 * the stored position on every batch; only the grace periods of open gaps live in this process.
 */
const gapsByCatalogue = new WeakMap<Catalogue, ChangeGaps>();

function gapsOf(catalogue: Catalogue): ChangeGaps {
  let gaps = gapsByCatalogue.get(catalogue);
  if (!gaps) {
    gaps = new ChangeGaps(catalogue.settings.SEARCH_GAP_GRACE_MS);
    gapsByCatalogue.set(catalogue, gaps);
  }
  return gaps;
}

/** Applies the next batch of changes in one transaction; asks for a rebuild when the index needs one. */
async function indexNextBatch(catalogue: Catalogue): Promise<Step> {
  const backend = searchBackendOf(catalogue);
  const { kysely, dialect } = catalogue.database;
  return kysely.transaction().execute(async (trx): Promise<Step> => {
    const position = await readPosition(trx, dialect, backend.consumer, { lock: true });
    if (!position || position.schemaVersion !== SEARCH_SCHEMA_VERSION || !(await backend.exists())) {
      return { rebuild: true };
    }
    const now = Date.now();
    const gaps = gapsOf(catalogue);
    gaps.restore(position.passedGaps);
    const late = gaps.takeLate(await changesInRanges(trx, gaps.remembered(now)));
    const { taken, position: next } = gaps.takeContiguous(await changesAfter(trx, position.position, BATCH), position.position, now);
    const changes = [...late, ...taken];
    const passedGaps = gaps.stored();
    if (changes.length > 0) {
      const identifiers = unique(changes.map((change) => change.identifier));
      await backend.apply(await changesFor(catalogue, executorReader(trx), identifiers), trx);
    }
    // The passed gaps change with the position, and also when a late change is taken or a gap expires.
    if (next !== position.position || passedGaps !== (position.passedGaps ?? null)) {
      await writePosition(trx, backend.consumer, { position: next, schemaVersion: SEARCH_SCHEMA_VERSION, passedGaps }, catalogue.now().toISOString());
    }
    // Late changes alone leave the position: the next pass would find nothing new after it.
    return { applied: taken.length };
  });
}

/**
 * Applies every pending change (rebuilding first when needed); returns how many changes it applied.
 * Tests call this to bring the index up to date synchronously.
 */
export async function indexPendingChanges(catalogue: Catalogue): Promise<number> {
  let applied = 0;
  let rebuilt = false;
  for (;;) {
    const step = await indexNextBatch(catalogue);
    if ('rebuild' in step) {
      if (rebuilt) throw new Error('the search index is still missing after a rebuild');
      await rebuildSearchIndex(catalogue);
      rebuilt = true;
      continue;
    }
    if (step.applied === 0) return applied;
    applied += step.applied;
  }
}

export interface RebuildProgress {
  indexed: number;
  total: number;
}

/** How many assets a rebuild will index (from the maintained counts). */
async function indexableCount(catalogue: Catalogue): Promise<number> {
  const row = await catalogue.database.kysely
    .selectFrom('asset_count')
    .select((eb) => eb.fn.sum<number>('n').as('n'))
    .where('type', 'in', searchableTypes.map((searchable) => searchable.resource.type))
    .where('status', 'in', LISTED_STATUSES)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Rebuilds the whole index from the catalogue (the `reindex` command); returns how many assets it indexed. */
export async function rebuildSearchIndex(catalogue: Catalogue, onProgress?: (progress: RebuildProgress) => void): Promise<number> {
  const backend = searchBackendOf(catalogue);
  const { kysely, reader } = catalogue.database;
  const start = await latestSeq(kysely);
  const total = await indexableCount(catalogue);
  const types = searchableTypes.map((searchable) => searchable.resource.type);
  async function* batches(): AsyncGenerator<SearchDocument[]> {
    let after = '';
    for (;;) {
      const rows = await renderedScan(reader, { types, statuses: LISTED_STATUSES }, after, BATCH, 'public');
      if (rows.length === 0) return;
      after = (rows[rows.length - 1] as RevisedRenderedRow).identifier;
      yield await documentsOf(catalogue, rows);
    }
  }
  const passedGaps = await gapsBelow(catalogue, start);
  const indexed = await backend.rebuild(batches(), (done) => onProgress?.({ indexed: done, total }));
  await writePosition(kysely, backend.consumer, { position: start, schemaVersion: SEARCH_SCHEMA_VERSION, passedGaps }, catalogue.now().toISOString());
  return indexed;
}

/**
 * The gaps in the last seqs up to `start`, as passed gaps to store with a rebuild's position. On
 * MySQL/MariaDB a write still open when the rebuild starts has a seq below `start`; if it commits
 * after the rebuild read its asset, its change is then still applied (change-gaps.ts).
 */
async function gapsBelow(catalogue: Catalogue, start: number): Promise<string | null> {
  const from = Math.max(0, start - REBUILD_GAP_LOOKBACK);
  const seqs = await seqsBetween(catalogue.database.kysely, from, start);
  const gaps = new ChangeGaps(0);
  gaps.takeContiguous(seqs.map((seq) => ({ seq })), from, Date.now());
  return gaps.stored();
}

/**
 * Runs `indexPendingChanges` now and every `intervalMs` until the returned stop function is
 * called: a published, changed or deleted asset reaches the index within about that interval.
 */
export function startSearchIndexer(catalogue: Catalogue, intervalMs: number): () => Promise<void> {
  let failing = false;
  // The indexes are the change log's only readers, so their indexer also prunes it.
  const stopPruning = startPeriodicTask(() => pruneChangeLogLogged(catalogue), PRUNE_INTERVAL_MS);
  const stopIndexing = startPeriodicTask(
    () =>
      indexPendingChanges(catalogue)
        .then((applied) => {
          if (failing) catalogue.logger.info('search indexing recovered');
          failing = false;
          if (applied > 0) catalogue.logger.debug({ applied }, 'search index updated');
        })
        .catch((error: unknown) => {
          // Logged once per outage, not every second; the position stays, so nothing is lost.
          if (!failing) catalogue.logger.error({ err: error }, 'search indexing failed; retrying');
          failing = true;
        }),
    intervalMs,
  );
  return async () => {
    await Promise.all([stopIndexing(), stopPruning()]);
  };
}
