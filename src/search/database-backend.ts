/**
 * The default search backend: the catalogue database's own inverted index (postings.ts, the
 * `search_posting` and `search_term` tables), the same on SQLite and MySQL/MariaDB. Searches read
 * through the hot-path reader; writes join the indexer's transaction, so an index write and its
 * change-log position commit together.
 *
 * A search is: the words' entry counts (one lookup), the page, and the total:
 *  - relevance, few matches (SCAN_LIMIT postings to read): every match scored, and counted, at once;
 *  - relevance, one word of one type: one index range read, best first;
 *  - relevance, several words or types over whole entries, on any or some platforms: every
 *    match scored from the words' (and platforms') entry sets (block-ranking.ts), a few rows per
 *    word and block of doc ids, the words' kept in memory while current (doc-set-cache.ts);
 *  - relevance otherwise (fields or dates, or very many entries): the threshold algorithm of
 *    ranked-hits.ts, which reads the best postings first and stops as soon as nothing unread can
 *    enter the page;
 *  - date or identifier order: walk the entries in that order testing each against the postings
 *    when many match, or collect the matches and sort them when few do;
 *  - the total: exact from the counts for one word over whole entries, or from the entry sets
 *    (doc-set-count.ts) for several words or platforms; only when a query restricts fields or
 *    dates (which the sets do not know) is it counted through the postings, up to
 *    TOTAL_COUNT_LIMIT matches and reported as "at least" beyond (as Elasticsearch does);
 *  - facets, on request: the matching entries' facet value codes counted (facet-counts.ts).
 */
import type { Database } from '../database/db.ts';
import type { Executor } from '../database/dialect.ts';
import { inListChunks } from '../database/in-lists.ts';
import type { RawRow } from '../database/raw-reader.ts';
import type { Json } from '../database/model/normalize.ts';
import {
  type IndexChanges,
  type SearchBackend,
  type SearchCacheStats,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from './backend.ts';
import type { SearchDocument } from './document.ts';
import {
  cappedCount,
  collectedSortedPage,
  entriesById,
  singleRangePage,
  walkedSortedPage,
} from './database-statements.ts';
import { LISTED_STATUSES } from '../services/visibility.ts';
import { BLOCK_RANKING_LIMIT, blockRankable, blockRankedDocIds } from './block-ranking.ts';
import { docSetCount } from './doc-set-count.ts';
import { docSetSource } from './doc-set-cache.ts';
import { StampedCache } from '../database/stamped-cache.ts';
import { facetCounts } from './facet-counts.ts';
import { removeEntries, unpublishedEntries, writeEntries } from './database-writes.ts';
import { planOf, type QueryPlan, searchesWholeEntries, type WordStats, wordStats } from './query-plan.ts';
import { rankedDocIds, SCAN_LIMIT, scanSize, scannedDocIds } from './ranked-hits.ts';

const EMPTY: SearchResult = { total: 0, totalRelation: 'eq', hits: [], facets: {} };

/** Matches are counted up to this many by default; beyond, the total is a lower bound ("gte"). */
export const TOTAL_COUNT_LIMIT = 10_000;

export interface DatabaseBackendOptions {
  totalCountLimit?: number;
  /** Relevance queries with at most this many matching postings are scored whole (SCAN_LIMIT). */
  scanLimit?: number;
  /** Relevance queries whose words have at most this many entries are ranked from the entry sets (BLOCK_RANKING_LIMIT). */
  blockRankingLimit?: number;
  /**
   * Memory for index rows kept between searches (0, the default: none): three quarters for the
   * words' entry sets (doc-set-cache.ts), a quarter for facet blocks (facet-counts.ts).
   */
  cacheBytes?: number;
}

const summaryOf = (value: unknown): Json =>
  (typeof value === 'string' ? JSON.parse(value) : Buffer.isBuffer(value) ? JSON.parse(value.toString('utf8')) : value) as Json;

const hitOf = (row: RawRow): SearchHit => ({ identifier: row[0] as string, type: row[1] as string, summary: summaryOf(row[2]) });

/**
 * The one (word, type) posting range a query reads when it has one word and type with entries
 * (or any word of several, in one type): its page is that range's first rows.
 */
interface PostingRange {
  word: string;
  typeNumber: number;
}

function singleRange(plan: QueryPlan, stats: WordStats): PostingRange | undefined {
  const ranges = plan.words.flatMap((word, index) =>
    plan.typeNumbers.filter((typeNumber) => (stats.entries[index]?.get(typeNumber) ?? 0) > 0).map((typeNumber) => ({ word, typeNumber })),
  );
  return ranges.length === 1 && (!plan.all || plan.words.length === 1) ? ranges[0] : undefined;
}

/** The word (its index) with the fewest entries: it drives every-word matching (the others are probed). */
function rarestWord(plan: QueryPlan, stats: WordStats): number {
  let best = 0;
  plan.words.forEach((_, word) => {
    if ((stats.searched[word] as number) < (stats.searched[best] as number)) best = word;
  });
  return best;
}

export function createDatabaseBackend(database: Database, options: DatabaseBackendOptions = {}): SearchBackend {
  const { dialect, reader } = database;
  const countLimit = options.totalCountLimit ?? TOTAL_COUNT_LIMIT;
  const scanLimit = options.scanLimit ?? SCAN_LIMIT;
  const blockRankingLimit = options.blockRankingLimit ?? BLOCK_RANKING_LIMIT;
  const cacheBytes = options.cacheBytes ?? 0;
  const sets = docSetSource(reader, Math.floor(cacheBytes * 0.75));
  const facetBlocks = new StampedCache<Uint8Array>(Math.floor(cacheBytes * 0.25));

  async function total(plan: QueryPlan, stats: WordStats, driver: string): Promise<Pick<SearchResult, 'total' | 'totalRelation'>> {
    if (searchesWholeEntries(plan) && plan.words.length === 1) return { total: stats.searched[0] as number, totalRelation: 'eq' };
    const exact = await docSetCount(sets, plan, stats);
    if (exact !== undefined) return { total: exact, totalRelation: 'eq' };
    const [rows] = await reader.read([cappedCount(plan, driver, countLimit)]);
    const counted = Number(rows?.[0]?.[0] ?? 0);
    return counted > countLimit ? { total: countLimit, totalRelation: 'gte' } : { total: counted, totalRelation: 'eq' };
  }

  async function hitsOf(docIds: number[]): Promise<SearchHit[]> {
    const results = await reader.read(inListChunks(docIds).map(entriesById));
    const byDocId = new Map(results.flat().map((row) => [Number(row[0]), row.slice(1)]));
    return docIds.flatMap((docId) => {
      const row = byDocId.get(docId);
      return row ? [hitOf(row)] : [];
    });
  }

  async function relevancePage(plan: QueryPlan, stats: WordStats, driver: number, range: PostingRange | undefined): Promise<SearchHit[]> {
    if (range) {
      const [rows] = await reader.read([singleRangePage(plan, range.word, range.typeNumber)]);
      return (rows ?? []).map(hitOf);
    }
    return hitsOf(await rankedDocIds(reader, plan, stats, driver));
  }

  /** Walk the entries in sort order when that reads fewer rows than collecting the matches. */
  async function sortedPage(plan: QueryPlan, stats: WordStats, driver: number, matches: number): Promise<SearchHit[]> {
    const postingsToCollect = plan.all ? (stats.searched[driver] as number) : stats.searched.reduce((sum, n) => sum + n, 0);
    const entriesToWalk = ((plan.query.offset + plan.query.limit) * stats.total) / Math.max(1, matches);
    const statement =
      entriesToWalk < postingsToCollect ? walkedSortedPage(dialect, plan) : collectedSortedPage(plan, plan.words[driver] as string);
    const [rows] = await reader.read([statement]);
    return (rows ?? []).map(hitOf);
  }

  async function search(query: SearchQuery): Promise<SearchResult> {
    const plan = planOf(query);
    if (!plan) return EMPTY;
    const stats = await wordStats(reader, plan);
    if (plan.all ? stats.entries.some((counts) => counts.size === 0) : stats.entries.every((counts) => counts.size === 0)) return EMPTY;
    const driver = rarestWord(plan, stats);
    const driverWord = plan.words[driver] as string;
    const facets = query.facets.length > 0 ? facetCounts(reader, { sets, facetBlocks }, plan, stats, driverWord, query.facets) : undefined;
    // Awaited below; until then a failure must not count as unhandled (it is rethrown there).
    facets?.catch(() => undefined);
    let counted: Pick<SearchResult, 'total' | 'totalRelation'>;
    let hits: SearchHit[];
    const relevance = query.sort === 'relevance';
    const range = singleRange(plan, stats);
    if (relevance && scanSize(plan, stats, driver) <= scanLimit) {
      // Few matches: score them all at once, which counts them too.
      const scanned = await scannedDocIds(reader, plan, stats, driver);
      counted = { total: scanned.total, totalRelation: 'eq' };
      hits = await hitsOf(scanned.docIds);
    } else if (relevance && !range && blockRankable(plan, stats, blockRankingLimit)) {
      const ranked = await blockRankedDocIds(sets, plan, stats);
      counted = { total: ranked.total, totalRelation: 'eq' };
      hits = await hitsOf(ranked.docIds);
    } else {
      counted = await total(plan, stats, driverWord);
      const pastTheEnd = counted.total === 0 || (query.offset >= counted.total && counted.totalRelation === 'eq');
      hits = pastTheEnd
        ? []
        : query.sort === 'relevance'
          ? await relevancePage(plan, stats, driver, range)
          : await sortedPage(plan, stats, driver, counted.total);
    }
    return { ...counted, hits, facets: (await facets) ?? {} };
  }

  async function apply(changes: IndexChanges, executor?: Executor): Promise<void> {
    const write = async (target: Executor) => {
      if (changes.remove.length > 0) await removeEntries(target, dialect, changes.remove);
      if (changes.upsert.length > 0) await writeEntries(target, dialect, changes.upsert);
    };
    if (executor) await write(executor);
    else await database.kysely.transaction().execute(write);
  }

  /**
   * Replaces entries batch by batch (each its own transaction: searches and writes go on), then
   * removes entries of assets no longer published. The index is never empty meanwhile.
   */
  async function rebuild(batches: AsyncIterable<SearchDocument[]>, onBatch?: (indexed: number) => void): Promise<number> {
    let indexed = 0;
    for await (const batch of batches) {
      await apply({ upsert: batch, remove: [] });
      indexed += batch.length;
      onBatch?.(indexed);
    }
    const gone = await unpublishedEntries(database.kysely, LISTED_STATUSES);
    if (gone.length > 0) await apply({ upsert: [], remove: gone });
    return indexed;
  }

  return {
    kind: 'database',
    consumer: 'database',
    search,
    apply,
    rebuild,
    exists: async () => true,
    ping: async () => true,
    cacheStats: async () => [statsOf('word_sets', sets.cache), statsOf('facet_blocks', facetBlocks)],
    close: async () => {},
  };
}

const statsOf = (cache: string, kept: StampedCache<unknown>): SearchCacheStats => ({
  cache,
  bytes: kept.size,
  hits: kept.lookups.hit,
  misses: kept.lookups.miss,
});

